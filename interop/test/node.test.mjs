// The local node against the JS reference packages:
//  (a) a tree added to a Cairn repository and written out with `cairn dag export` is read
//      and fully re-hashed by @ipld/car and unpacked by ipfs-unixfs-exporter to the same
//      files (bytes, symlinks, modes and mtimes);
//  (b) a CAR made by ipfs-car is imported with `cairn dag import` (roots pinned) and
//      `cairn get` gives back the original files.
import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { CAIRN_BIN, cairn } from '../lib/cairn.mjs'
import { blockstoreOf, compareDagWithFs, compareTrees, readCar, rehashFailures } from '../lib/car-util.mjs'
import { generateCorpus, generateFilesOnlyTree } from '../lib/corpus.mjs'

const TEST_TIMEOUT = 5 * 60 * 1000
const IPFS_CAR_BIN = fileURLToPath(new URL('../node_modules/ipfs-car/bin.js', import.meta.url))

let work
let env

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'cairn-node-'))
  env = { ...process.env, CAIRN_PATH: join(work, 'repo') }
  await cairn(['init'], { env })
})

after(async () => {
  if (work != null) await rm(work, { recursive: true, force: true })
})

/** Runs `bin/cairn args…` with its standard output going to `file` (binary-safe). */
function cairnToFile (args, file) {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file)
    const child = spawn(CAIRN_BIN, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', d => { stderr += d })
    child.stdout.pipe(out)
    child.on('error', reject)
    child.on('close', code => out.close(() => code === 0 ? resolve() : reject(new Error(`cairn ${args.join(' ')}: ${code}\n${stderr}`))))
  })
}

test('a tree added to the repo and exported with `dag export` is read by @ipld/car and ipfs-unixfs-exporter', { timeout: TEST_TIMEOUT }, async () => {
  const src = join(work, 'corpus')
  await mkdir(src)
  await generateCorpus(src, { large: false, hamt: true, kuboFixtures: false })
  for (const flags of [[], ['--cid-version=1', '--preserve-mode', '--preserve-mtime']]) {
    const root = (await cairn(['add', '-Q', '-r', ...flags, src], { env })).trim()
    const file = join(work, `export-${flags.length}.car`)
    await cairnToFile(['dag', 'export', root], file)
    const car = await readCar(file)
    assert.equal(car.version, 1)
    assert.deepEqual(car.roots.map(String), [root])
    assert.deepEqual(await rehashFailures(car.blocks), [], 'every block hashes to its CID')
    const seen = new Set(car.blocks.map(b => b.cid.multihash.bytes.toString()))
    assert.equal(seen.size, car.blocks.length, 'each block once')
    const diffs = await compareDagWithFs(car.roots[0], blockstoreOf(car.blocks), src,
      { mode: flags.includes('--preserve-mode'), mtime: flags.includes('--preserve-mtime') })
    assert.deepEqual(diffs, [], 'the exported DAG unpacks to the original tree')
  }
})

test('a CAR made by ipfs-car is imported with `dag import` and `get` returns the files', { timeout: TEST_TIMEOUT }, async () => {
  const src = join(work, 'files-only')
  await mkdir(src)
  await generateFilesOnlyTree(src)
  const file = join(work, 'ipfs-car.car')
  const { stdout } = await promisify(execFile)(process.execPath, [IPFS_CAR_BIN, 'pack', src, '--output', file], { maxBuffer: 1 << 26 })
  const root = stdout.trim().split(/\s+/).pop()
  const imported = await cairn(['dag', 'import', file], { env })
  assert.match(imported, new RegExp(`pinned root ${root} success`))
  const pins = JSON.parse(await cairn(['pin', 'ls', '--type=recursive', '--json'], { env }))
  assert.equal(pins.Keys[root].Type, 'recursive')
  const out = join(work, 'got')
  await cairn(['get', root, '-o', out], { env })
  assert.deepEqual(await compareTrees(out, src, { emptyDirs: false }), [])
})
