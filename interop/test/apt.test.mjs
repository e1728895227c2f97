// apt against Cairn's gateway: a Debian repository of real .debs is added to Cairn and published
// under an IPNS name; apt, told by -o options on its command line to use only that source (its
// own sources, state and cache in a temporary directory; the machine's are untouched), updates
// from the flat repository at http://127.0.0.1:PORT/ipns/k51…/ (apt asks for …/./Packages: the
// gateway redirects), downloads packages, and after the mirror is published again sees the new
// state through the same URL. The same files indexed under dists/ work as a `stable main` source. Skipped when apt is absent. Needs root (the
// test host runs as root) and network to a Debian mirror the first time (the .debs are cached).
import assert from 'node:assert/strict'
import { execFile as execFileCb } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'
import { debField, debs, ensureTools, sha256, writeRepo } from '../lib/apt-repo.mjs'
import { startDaemon } from '../lib/daemon.mjs'
import { keyName, publishMirror } from '../lib/mirror.mjs'

const execFile = promisify(execFileCb)
const APT_TIMEOUT_MS = 120_000
const haveApt = existsSync('/usr/bin/apt-get')
const skip = haveApt ? false : 'apt-get is not installed on this machine'

let daemon
let work
let mirror
let aptDirFlat
let aptDirDists
let name
let deb // { hello, sl, cowsay } → cached .deb paths

/**
 * apt-get / apt-cache with only our source, state and cache (nothing of the machine's changes).
 * opts.dir: another apt directory (default aptDir).
 */
function apt (tool, args, opts = {}) {
  const aptDir = opts.dir ?? aptDirFlat
  const o = [
    `Dir::Etc::SourceList=${join(aptDir, 'sources.list')}`,
    `Dir::Etc::SourceParts=${join(aptDir, 'sources.list.d')}`,
    `Dir::Etc::PreferencesParts=${join(aptDir, 'preferences.d')}`,
    `Dir::State=${join(aptDir, 'state')}`,
    'Dir::State::status=/var/lib/dpkg/status', // read only: what is installed, for dependencies
    `Dir::Cache=${join(aptDir, 'cache')}`,
    'Debug::NoLocking=1',
    'APT::Sandbox::User=root',
    'APT::Architecture=amd64',
    'APT::Architectures=amd64',
    'Acquire::Languages=none',
    'Acquire::http::Proxy=DIRECT',
    'Acquire::Retries=0'
  ].flatMap(kv => ['-o', kv])
  return execFile(tool, [...o, ...args], { timeout: APT_TIMEOUT_MS, ...opts })
}

async function publish () {
  const out = await publishMirror(daemon.env, mirror, 'debian')
  assert.equal(out.name, name, 'the name stays the same across publishes')
  return out
}

before(async () => {
  if (!haveApt) return
  await ensureTools()
  const [hello, sl, cowsay] = await debs(['hello', 'sl', 'cowsay'])
  deb = { hello, sl, cowsay }
  work = await mkdtemp(join(tmpdir(), 'cairn-apt-'))
  mirror = join(work, 'mirror')
  await writeRepo(mirror, [hello, sl], { 'README.txt': 'state 1\n' })
  daemon = await startDaemon()
  name = await keyName(daemon.env, 'debian')
  await publish()
  aptDirFlat = await aptDirFor(`deb [trusted=yes] ${daemon.gateway}/ipns/${name}/ ./`)
  aptDirDists = await aptDirFor(`deb [trusted=yes] ${daemon.gateway}/ipns/${name}/ stable main`)
})

async function aptDirFor (sourceLine) {
  const dir = await mkdtemp(join(work, 'apt-'))
  for (const d of ['sources.list.d', 'preferences.d', 'state/lists/partial', 'cache/archives/partial', 'download']) {
    await mkdir(join(dir, d), { recursive: true })
  }
  await writeFile(join(dir, 'sources.list'), sourceLine + '\n')
  return dir
}

after(async () => {
  await daemon?.stop()
  if (work != null) await rm(work, { recursive: true, force: true })
})

test('apt-get update and download from /ipns/NAME/, then a new publish is seen through the same URL', { skip }, async () => {
  const update = await apt('apt-get', ['update'])
  assert.match(update.stdout, new RegExp(`/ipns/${name} \\./ Release`), update.stdout)
  assert.doesNotMatch(update.stdout + update.stderr, /^(Err|E:)/m, update.stdout + update.stderr)

  const shown = (await apt('apt-cache', ['show', 'hello'])).stdout
  assert.match(shown, new RegExp(`^Version: ${escape(await debField(deb.hello, 'Version'))}$`, 'm'))
  assert.match(shown, /^Filename: pool\/main\/hello_/m)

  const dl = join(aptDirFlat, 'download')
  await apt('apt-get', ['download', '-q', 'hello', 'sl'], { cwd: dl })
  const got = (await readdir(dl)).sort()
  assert.deepEqual(got, [deb.hello, deb.sl].map(f => f.split('/').pop()).sort())
  assert.equal(await sha256(join(dl, got[0])), await sha256(deb.hello))

  // --download-only: resolves against the machine's installed packages, fetches from Cairn
  await apt('apt-get', ['install', '-y', '-q', '--download-only', 'sl'])
  const archives = (await readdir(join(aptDirFlat, 'cache', 'archives'))).filter(f => f.endsWith('.deb'))
  assert.deepEqual(archives, [deb.sl.split('/').pop()])

  // what apt downloaded runs: unpack hello into a private root and run it
  const root = join(work, 'root')
  await execFile('dpkg-deb', ['-x', join(dl, got[0]), root])
  assert.equal((await execFile(join(root, 'usr', 'bin', 'hello'))).stdout, 'Hello, world!\n')

  // cowsay is not there yet
  await assert.rejects(apt('apt-cache', ['show', 'cowsay']))

  // the mirror changes (a package added, a file changed) and is published again under the same name
  await writeRepo(mirror, [deb.hello, deb.sl, deb.cowsay], { 'README.txt': 'state 2\n' })
  await publish()
  const readme = await fetch(`${daemon.gateway}/ipns/${name}/README.txt`)
  assert.equal(await readme.text(), 'state 2\n')

  const again = await apt('apt-get', ['update'])
  assert.doesNotMatch(again.stdout + again.stderr, /^(Err|E:)/m, again.stdout + again.stderr)
  const cowsay = (await apt('apt-cache', ['show', 'cowsay'])).stdout
  assert.match(cowsay, new RegExp(`^Version: ${escape(await debField(deb.cowsay, 'Version'))}$`, 'm'))
  await apt('apt-get', ['download', '-q', 'cowsay'], { cwd: dl })
  const cowsayFile = deb.cowsay.split('/').pop()
  assert.equal(await sha256(join(dl, cowsayFile)), await sha256(deb.cowsay))
})

test('the same mirror as a `stable main` source under /ipns/NAME/dists/', { skip }, async () => {
  const update = await apt('apt-get', ['update'], { dir: aptDirDists })
  assert.match(update.stdout, new RegExp(`/ipns/${name} stable Release`), update.stdout)
  assert.doesNotMatch(update.stdout + update.stderr, /^(Err|E:)/m, update.stdout + update.stderr)
  const shown = (await apt('apt-cache', ['show', 'sl'], { dir: aptDirDists })).stdout
  assert.match(shown, new RegExp(`^Version: ${escape(await debField(deb.sl, 'Version'))}$`, 'm'))
  const dl = join(aptDirDists, 'download')
  await apt('apt-get', ['download', '-q', 'sl'], { cwd: dl, dir: aptDirDists })
  assert.equal(await sha256(join(dl, deb.sl.split('/').pop())), await sha256(deb.sl))
})

function escape (s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
