// A small Debian repository for apt tests: real .deb files (fetched once with `apt-get
// download` into ~/.cache/cairn-test/debs) in pool/main/, indexed twice over the same files:
// flat (`Packages`, `Packages.gz`, `Release` at the root: `deb URL ./`) and in the usual layout
// (dists/stable/main/binary-amd64/: `deb URL stable main`). Indexes come from dpkg-scanpackages;
// the `Release` files are unsigned (SHA256 of the indexes), which apt accepts from a source
// marked [trusted=yes].
import { execFile as execFileCb } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'

const execFile = promisify(execFileCb)
export const DEB_CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'cairn-test', 'debs')
const FETCH_TIMEOUT_MS = 5 * 60 * 1000

/** Installs dpkg-dev (dpkg-scanpackages) when it is missing; apt itself must be there. */
export async function ensureTools () {
  try {
    await execFile('dpkg-scanpackages', ['--version'])
  } catch {
    await execFile('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'dpkg-dev'], { timeout: FETCH_TIMEOUT_MS })
  }
}

/** The cached .deb of each package, fetched from the machine's Debian mirror when not cached. */
export async function debs (packages) {
  await mkdir(DEB_CACHE, { recursive: true })
  const have = async () => (await readdir(DEB_CACHE)).filter(f => f.endsWith('.deb'))
  const find = (files, p) => files.find(f => f.startsWith(`${p}_`))
  let files = await have()
  const missing = packages.filter(p => find(files, p) == null)
  if (missing.length > 0) {
    await execFile('apt-get', ['download', '-q', ...missing], { cwd: DEB_CACHE, timeout: FETCH_TIMEOUT_MS })
    files = await have()
  }
  return packages.map(p => {
    const f = find(files, p)
    if (f == null) throw new Error(`apt-get download ${p} left no .deb in ${DEB_CACHE}`)
    return join(DEB_CACHE, f)
  })
}

/** Writes the repository at root from debFiles (copied into pool/main) and extra files. */
export async function writeRepo (root, debFiles, extra = {}) {
  const pool = join(root, 'pool', 'main')
  const bin = join(root, 'dists', 'stable', 'main', 'binary-amd64')
  await mkdir(pool, { recursive: true })
  await mkdir(bin, { recursive: true })
  for (const f of debFiles) await copyFile(f, join(pool, f.split('/').pop()))
  const { stdout } = await execFile('dpkg-scanpackages', ['--multiversion', 'pool', '/dev/null'], { cwd: root })
  const packages = Buffer.from(stdout)
  const gz = gzipSync(packages)
  const index = (path, bytes) => ` ${createHash('sha256').update(bytes).digest('hex')} ${bytes.length} ${path}`
  const release = (fields, prefix) => [
    'Origin: cairn-test',
    'Label: cairn-test',
    ...fields,
    `Date: ${new Date().toUTCString().replace('GMT', 'UTC')}`,
    'SHA256:',
    index(`${prefix}Packages`, packages),
    index(`${prefix}Packages.gz`, gz),
    ''
  ].join('\n')
  await writeFile(join(bin, 'Packages'), packages)
  await writeFile(join(bin, 'Packages.gz'), gz)
  await writeFile(join(root, 'dists', 'stable', 'Release'),
    release(['Suite: stable', 'Codename: stable', 'Architectures: amd64', 'Components: main'], 'main/binary-amd64/'))
  await writeFile(join(root, 'Packages'), packages)
  await writeFile(join(root, 'Packages.gz'), gz)
  await writeFile(join(root, 'Release'), release([], ''))
  for (const [name, text] of Object.entries(extra)) await writeFile(join(root, name), text)
}

/** A control field of a .deb (`dpkg-deb -f`). */
export async function debField (file, field) {
  return (await execFile('dpkg-deb', ['-f', file, field])).stdout.trim()
}

export async function sha256 (file) {
  return createHash('sha256').update(await readFile(file)).digest('hex')
}
