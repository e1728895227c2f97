// Cairn's HTTP gateway (trustless gateway, path gateway, delegated routing v1) and the RPC
// API's guards, as real clients see them, checked against ipfs/specs (trustless-gateway.md,
// path-gateway.md, routing/http-routing-v1.md) and ../shared/SPECS.md §4:
//  - every CAR the gateway serves is read and verified with @ipld/car (each block re-hashed),
//    and must hold exactly the blocks the request calls for (dag-scope, entity-bytes, paths,
//    dups), as computed from the verified DAG by lib/trustless.mjs; the content is then
//    exported with ipfs-unixfs-exporter from a blockstore holding only the CAR's blocks;
//  - @helia/verified-fetch (Helia over HTTP only: no libp2p) uses the gateway as a trustless
//    gateway and gets the original bytes, and fails when a proxy corrupts one block;
//  - response headers and status codes with plain fetch().
// Content is added with the CLI before the daemon starts (it holds the repo lock).
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createCipheriv } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { CarIndexer } from '@ipld/car/indexer'
import { peerIdFromString } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'
import { cairn, CAIRN_BIN, parseAdded } from '../lib/cairn.mjs'
import { compareDagWithFs, readCar } from '../lib/car-util.mjs'
import { startDaemon } from '../lib/daemon.mjs'
import {
  absentCid, DagModel, exportBytes, exportNames, keyOf, onlyBlocks, parseContentType, readCarStream
} from '../lib/trustless.mjs'
import { makeVerifiedFetch } from '../lib/verified-fetch.mjs'

const SETUP_TIMEOUT = 20 * 60 * 1000 // the first run may build Cairn
const TEST_TIMEOUT = 5 * 60 * 1000
const CHUNK = 65536
const BIG_SIZE = 5 * 1024 * 1024 + 12345 // 81 leaves of 64 KiB → 11 → 2 → 1 with 8 links a node
const IMMUTABLE = 'public, max-age=29030400, immutable'
const CAR_DFS = 'application/vnd.ipld.car; version=1; order=dfs'
const ETAG = /^(W\/)?"[^"]+"$/
const VERIFIED_FETCH = fileURLToPath(new URL('../bin/verified-fetch.mjs', import.meta.url))
const execFileP = promisify(execFile)

let work // temp dir: tree/, inl/, repo/
let repo // CAIRN_PATH of the served repository
let d // the daemon
let model // DagModel of everything added
let peerId // the repository's Identity.PeerID
const cid = {} // name → CID of what was added
const bytes = {} // name → original bytes of files

/** Deterministic pseudo-random bytes (AES-CTR keystream). */
function pseudoRandom (seed, n) {
  const key = Buffer.alloc(16)
  key.write(seed)
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(n))
}

/** `cairn dag export <cid>` into a file (binary stdout), read back with @ipld/car. */
async function dagExport (root, env) {
  const file = join(work, `${root}.car`)
  await new Promise((resolve, reject) => {
    const child = spawn(CAIRN_BIN, ['dag', 'export', root.toString()], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stderr.on('data', c => { err += c })
    child.stdout.pipe(createWriteStream(file))
    child.on('error', reject)
    child.on('close', code => code === 0 ? resolve() : reject(new Error(`cairn dag export ${root} exited ${code}: ${err}`)))
  })
  return readCar(file)
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'cairn-interop-gateway-'))
  const tree = join(work, 'tree')
  const files = {
    'plain/a.txt': Buffer.from('hello from the plain directory\n'),
    'plain/data.bin': pseudoRandom('data', 150000),
    'plain/sub/file.txt': Buffer.from('a file two levels down\n'),
    'plain/sub/big.bin': pseudoRandom('big', BIG_SIZE),
    'web/index.html': Buffer.from('<!doctype html>\n<title>cairn</title>\n<p>the index page</p>\n'),
    'web/style.css': Buffer.from('p { color: teal }\n'),
    'zeros.bin': Buffer.alloc(2 * 1024 * 1024), // 32 identical leaves under 4 identical nodes
    'dup-a.txt': Buffer.from('the same bytes twice\n'),
    'dup-b.txt': Buffer.from('the same bytes twice\n')
  }
  for (let i = 0; i < 400; i++) files[`hamt/entry-${String(i).padStart(3, '0')}.txt`] = Buffer.from(`entry ${i}\n`)
  for (const [rel, data] of Object.entries(files)) {
    await mkdir(join(tree, rel, '..'), { recursive: true })
    await writeFile(join(tree, rel), data)
    bytes[rel] = data
  }
  const inl = join(work, 'inl')
  await mkdir(inl)
  await writeFile(join(inl, 'tiny.txt'), 'hi') // small enough to become an identity CID
  await writeFile(join(inl, 'larger.txt'), pseudoRandom('inl', 300))

  repo = join(work, 'repo')
  const env = { ...process.env, CAIRN_PATH: repo }
  await cairn(['init'], { env })
  const flags = ['--chunker', `size-${CHUNK}`, '--max-file-links', '8']
  const added = parseAdded(await cairn(['add', '-r', ...flags, '--hamt-threshold', '1000', 'tree'], { env, cwd: work }))
  for (const [path, c] of added) cid[path === 'tree' ? 'root' : path.replace(/^tree\//, '')] = CID.parse(c)
  // the same big file with CIDv1 and raw leaves
  cid.rawBig = CID.parse((await cairn(['add', '-Q', '--cid-version=1', ...flags, join(tree, 'plain/sub/big.bin')], { env })).trim())
  const inlAdded = parseAdded(await cairn(['add', '-r', '--inline', 'inl'], { env, cwd: work }))
  cid.inl = CID.parse(inlAdded.get('inl'))
  cid.inlTiny = CID.parse(inlAdded.get('inl/tiny.txt'))

  model = new DagModel()
  for (const root of [cid.root, cid.rawBig, cid.inl]) {
    const car = await dagExport(root, env)
    await model.add(car.blocks)
  }
  peerId = JSON.parse(await readFile(join(repo, 'config'), 'utf8')).Identity.PeerID

  // The fixture has the shapes the tests rely on.
  assert.equal(model.kind(cid['plain/sub/big.bin']), 'file')
  assert.equal(model.fileSize(cid['plain/sub/big.bin']), BIG_SIZE)
  assert.equal(model.all(cid['plain/sub/big.bin']).length, 1 + 2 + 11 + 81, 'big.bin: three levels above 81 leaves')
  assert.equal(model.all(cid.rawBig).length, 95)
  assert.equal(model.kind(cid.hamt), 'hamt')
  assert.ok(model.entity(cid.hamt).length > 1, 'the HAMT has sub-shards')
  assert.equal(model.kind(cid.plain), 'directory')
  assert.equal(model.all(cid['zeros.bin']).length, 3, 'zeros.bin: three distinct blocks')
  assert.equal(model.all(cid['zeros.bin'], { dups: true }).length, 1 + 4 + 32)
  assert.equal(cid.inlTiny.multihash.code, 0, 'tiny.txt is an identity CID')

  d = await startDaemon({ path: repo })
}, { timeout: SETUP_TIMEOUT })

after(async () => {
  if (d != null) await d.stop()
  if (work != null) await rm(work, { recursive: true, force: true })
})

// ---------------------------------------------------------------------------------------------
// helpers

function gw (path, init = {}) {
  return fetch(`${d.gateway}${path}`, { redirect: 'manual', ...init })
}

/**
 * GETs a CAR and reads it: status 200, Content-Type application/vnd.ipld.car with version=1
 * and a dups parameter (a gateway that controls duplicates MUST say), header version = 1,
 * every block verified. Returns { res, ct, roots, blocks, keys }.
 */
async function getCar (path, headers = {}) {
  const res = await gw(path, { headers })
  const text = res.status === 200 ? null : await res.text()
  assert.equal(res.status, 200, `GET ${path}: ${text}`)
  const ct = parseContentType(res.headers.get('content-type'))
  assert.equal(ct?.type, 'application/vnd.ipld.car', `GET ${path}: Content-Type`)
  assert.equal(ct.params.version, '1', `GET ${path}: Content-Type version=1`)
  assert.ok(ct.params.dups === 'y' || ct.params.dups === 'n', `GET ${path}: Content-Type must declare dups: ${res.headers.get('content-type')}`)
  const car = await readCarStream(res.body)
  assert.equal(car.version, 1, 'CAR header version matches Content-Type')
  return { res, ct, roots: car.roots, blocks: car.blocks, keys: car.blocks.map(b => keyOf(b.cid)) }
}

const dedupe = (keys) => [...new Set(keys)]

/**
 * The CAR holds exactly `expected` (block keys in depth-first order, duplicates included):
 * in that order when it says order=dfs, as a set otherwise; each block once when it says
 * dups=n; with every repeat when dups=y (order=dfs).
 */
function assertBlocks (car, expected, what) {
  const want = car.ct.params.dups === 'y' ? expected : dedupe(expected)
  if (car.ct.params.dups === 'n') assert.equal(new Set(car.keys).size, car.keys.length, `${what}: dups=n but a block repeats`)
  if (car.ct.params.order === 'dfs') {
    assert.deepEqual(car.keys, want, `${what}: blocks (order=dfs)`)
  } else {
    assert.deepEqual([...new Set(car.keys)].sort(), dedupe(want).sort(), `${what}: blocks`)
  }
}

/** The blocks of a path request: those that resolve the path (all but the terminus), then `scope` of the terminus. */
async function pathExpectation (root, path, scope) {
  const { cid: terminus, blocks } = await model.resolve(root, path)
  const prefix = blocks.filter(k => k !== keyOf(terminus))
  return { terminus, expected: [...prefix, ...scope(terminus)] }
}

async function body (res) {
  return Buffer.from(await res.arrayBuffer())
}

// ---------------------------------------------------------------------------------------------

describe('trustless gateway: CAR responses hold exactly the blocks asked for', { timeout: TEST_TIMEOUT }, () => {
  test('dag-scope=all (the default) on a multi-level file: every block, the file exports from the CAR alone', async () => {
    for (const name of ['plain/sub/big.bin', 'rawBig']) {
      const c = cid[name]
      for (const query of ['?format=car', '?format=car&dag-scope=all']) {
        const car = await getCar(`/ipfs/${c}${query}`)
        assertBlocks(car, model.all(c, { dups: true }), `${name}${query}`)
        assert.deepEqual(await exportBytes(c, onlyBlocks(car.blocks)), bytes['plain/sub/big.bin'], `${name}${query}: exported bytes`)
      }
    }
  })

  test('dag-scope=all on a directory tree (plain, index.html, HAMT, duplicate files): the tree unpacks from the CAR alone', async () => {
    const car = await getCar(`/ipfs/${cid.root}?format=car`, { Accept: `${CAR_DFS}; dups=n` })
    assertBlocks(car, model.all(cid.root, { dups: true }), 'root')
    const diffs = await compareDagWithFs(cid.root, onlyBlocks(car.blocks), join(work, 'tree'))
    assert.deepEqual(diffs, [])
  })

  test('dag-scope=entity: a whole file; a directory node alone; a HAMT\'s shard nodes without its entries', async () => {
    const file = await getCar(`/ipfs/${cid['plain/sub/big.bin']}?format=car&dag-scope=entity`)
    assertBlocks(file, model.all(cid['plain/sub/big.bin'], { dups: true }), 'file entity')
    assert.deepEqual(await exportBytes(cid['plain/sub/big.bin'], onlyBlocks(file.blocks)), bytes['plain/sub/big.bin'])

    const dir = await getCar(`/ipfs/${cid.plain}?format=car&dag-scope=entity`)
    assertBlocks(dir, [keyOf(cid.plain)], 'directory entity')
    assert.deepEqual(await exportNames(cid.plain, onlyBlocks(dir.blocks)), ['a.txt', 'data.bin', 'sub'])
    await assert.rejects(exportBytes(cid['plain/a.txt'], onlyBlocks(dir.blocks)), /not in the response/, 'entries\' blocks are not sent')

    const hamt = await getCar(`/ipfs/${cid.hamt}?format=car&dag-scope=entity`)
    assertBlocks(hamt, model.entity(cid.hamt), 'HAMT entity')
    const names = await exportNames(cid.hamt, onlyBlocks(hamt.blocks))
    assert.equal(names.length, 400, 'the HAMT enumerates from the CAR alone')
    await assert.rejects(exportBytes(cid['hamt/entry-123.txt'], onlyBlocks(hamt.blocks)), /not in the response/)
  })

  test('dag-scope=block: the root block alone, of a file and of a directory', async () => {
    for (const name of ['plain/sub/big.bin', 'rawBig', 'plain', 'hamt', 'root']) {
      const car = await getCar(`/ipfs/${cid[name]}?format=car&dag-scope=block`)
      assertBlocks(car, [keyOf(cid[name])], `${name} block`)
    }
  })

  // entity-bytes cases on a file of BIG_SIZE bytes; each: [spec, the inclusive range it selects or null]
  const S = BIG_SIZE
  const ranges = [
    ['0:0', [0, 0]],
    ['0:*', [0, S - 1]],
    [`${CHUNK * 20 + 100}:${CHUNK * 43 + 5}`, [CHUNK * 20 + 100, CHUNK * 43 + 5]], // the middle, across an inner node
    ['-100000:*', [S - 100000, S - 1]], // the last 100000 bytes
    [`${S - 1000}:${S + 5000}`, [S - 1000, S - 1]], // runs past the end: the part inside
    ['-99999999:*', [0, S - 1]] // starts before the beginning: the whole file
  ]
  for (const [spec, [from, to]] of ranges) {
    test(`entity-bytes=${spec}: the range exports from the CAR, blocks outside it are absent`, async () => {
      for (const name of ['plain/sub/big.bin', 'rawBig']) {
        const c = cid[name]
        const car = await getCar(`/ipfs/${c}?format=car&dag-scope=entity&entity-bytes=${spec}`)
        const expected = model.range(c, spec)
        assertBlocks(car, expected, `${name} entity-bytes=${spec}`)
        const store = onlyBlocks(car.blocks)
        const got = await exportBytes(c, store, { offset: from, length: to - from + 1 })
        assert.ok(got.equals(bytes['plain/sub/big.bin'].subarray(from, to + 1)), `${name} entity-bytes=${spec}: exported range differs`)
        const absent = model.all(c).filter(k => !expected.includes(k))
        for (const k of absent) assert.ok(!store.has(CID.parse(k)), `${name} entity-bytes=${spec}: ${k} lies outside the range but was sent`)
        if (from > 0) assert.ok(!store.has(CID.parse(model.range(c, '0:0').at(-1))), 'the first leaf is not sent')
        if (to < S - 1) assert.ok(!store.has(CID.parse(model.range(c, '-1:*').at(-1))), 'the last leaf is not sent')
      }
    })
  }

  test('entity-bytes wholly past the end: 400, or a CAR equivalent to dag-scope=block', async () => {
    for (const spec of [`${S + 10}:*`, `${S}:${S + 100}`]) {
      const path = `/ipfs/${cid.rawBig}?format=car&dag-scope=entity&entity-bytes=${spec}`
      const res = await gw(path)
      if (res.status === 400) { await res.arrayBuffer(); continue }
      const car = await getCar(path)
      assertBlocks(car, [keyOf(cid.rawBig)], `entity-bytes=${spec}`)
    }
  })

  test('entity-bytes on a directory is ignored (same as dag-scope=entity)', async () => {
    const car = await getCar(`/ipfs/${cid.hamt}?format=car&dag-scope=entity&entity-bytes=0:10`)
    assertBlocks(car, model.entity(cid.hamt), 'HAMT entity-bytes')
  })

  test('dups=y sends a repeated block every time the walk reaches it; dups=n once (Accept and car-dups)', async () => {
    for (const name of ['zeros.bin', 'root']) {
      const c = cid[name]
      const want = model.all(c, { dups: true })
      assert.ok(want.length > dedupe(want).length, `${name} has repeated blocks`)
      const y = await getCar(`/ipfs/${c}`, { Accept: `${CAR_DFS}; dups=y` })
      assert.equal(y.ct.params.dups, 'y', `${name}: Content-Type dups=y`)
      assert.equal(y.ct.params.order, 'dfs', `${name}: Content-Type order=dfs`)
      assert.deepEqual(y.keys, want, `${name} dups=y: every block as the depth-first walk meets it`)
      const n = await getCar(`/ipfs/${c}`, { Accept: `${CAR_DFS}; dups=n` })
      assert.equal(n.ct.params.dups, 'n')
      assert.deepEqual(n.keys, dedupe(want), `${name} dups=n: each block once, first-seen order`)
      // the query forms, which take precedence over Accept
      const qy = await getCar(`/ipfs/${c}?format=car&car-dups=y&car-order=dfs`, { Accept: 'application/vnd.ipld.car; dups=n' })
      assert.equal(qy.ct.params.dups, 'y', 'car-dups=y wins over Accept dups=n')
      assert.deepEqual(qy.keys, want)
      const qn = await getCar(`/ipfs/${c}?format=car&car-dups=n`, { Accept: 'application/vnd.ipld.car; dups=y' })
      assert.equal(qn.ct.params.dups, 'n', 'car-dups=n wins over Accept dups=y')
      assertBlocks(qn, want, `${name} car-dups=n`)
    }
    const zeros = bytes['zeros.bin']
    const car = await getCar(`/ipfs/${cid['zeros.bin']}`, { Accept: `${CAR_DFS}; dups=y` })
    assert.deepEqual(await exportBytes(cid['zeros.bin'], onlyBlocks(car.blocks)), zeros)
  })

  test('without a dups preference the gateway answers dups=n (it controls duplicates)', async () => {
    const car = await getCar(`/ipfs/${cid['zeros.bin']}?format=car`)
    assert.equal(car.ct.params.dups, 'n')
    assert.equal(car.keys.length, 3)
  })

  test('with a path: the blocks that resolve each segment, then the terminus in its scope', async () => {
    const big = 'plain/sub/big.bin'
    const cases = [
      [big, '', (t) => model.all(t, { dups: true })],
      [big, '&dag-scope=all', (t) => model.all(t, { dups: true })],
      [big, '&dag-scope=entity', (t) => model.all(t, { dups: true })],
      [big, '&dag-scope=block', (t) => [keyOf(t)]],
      [big, '&entity-bytes=70000:140000', (t) => model.range(t, '70000:140000')],
      ['plain/sub', '&dag-scope=entity', (t) => [keyOf(t)]],
      ['plain/sub', '', (t) => model.all(t, { dups: true })],
      ['hamt/entry-123.txt', '', (t) => model.all(t, { dups: true })], // through a HAMT: only the shards on the name's path
      ['hamt/entry-321.txt', '&dag-scope=block', (t) => [keyOf(t)]],
      ['hamt', '&dag-scope=entity', (t) => model.entity(t)],
      ['web/index.html', '', (t) => model.all(t, { dups: true })]
    ]
    for (const [path, query, scope] of cases) {
      const { terminus, expected } = await pathExpectation(cid.root, path, scope)
      assert.equal(terminus.toString(), cid[path].toString(), `model resolves ${path}`)
      const car = await getCar(`/ipfs/${cid.root}/${path}?format=car${query}`)
      assertBlocks(car, expected, `/${path}?format=car${query}`)
      if (model.kind(terminus) === 'file' && !query.includes('block') && !query.includes('entity-bytes')) {
        // the client can resolve the path itself from the CAR's blocks and read the file
        const viaPath = await exportBytes(`/ipfs/${cid.root}/${path}`, onlyBlocks(car.blocks))
        assert.ok(viaPath.equals(bytes[path]), `/${path}: bytes via the path`)
      }
    }
    const sanity = await model.resolve(cid.root, 'plain/sub/big.bin')
    assert.deepEqual(sanity.blocks, [cid.root, cid.plain, cid['plain/sub'], cid['plain/sub/big.bin']].map(keyOf))
    assert.ok((await model.resolve(cid.root, 'hamt/entry-123.txt')).blocks.length > 3, 'the HAMT path passes sub-shards')
  })

  test('a path that does not exist: 404, or a CAR of the blocks up to the missing segment', async () => {
    const path = `/ipfs/${cid.root}/plain/no-such-file?format=car`
    const res = await gw(path)
    if (res.status === 404) return
    const car = await getCar(path)
    assertBlocks(car, [cid.root, cid.plain].map(keyOf), 'missing path')
  })

  test('identity CIDs are never sent as blocks, even with dups=y', async () => {
    const car = await getCar(`/ipfs/${cid.inl}`, { Accept: `${CAR_DFS}; dups=y` })
    assert.ok(car.blocks.every(b => b.cid.multihash.code !== 0), 'no identity block')
    assertBlocks(car, model.all(cid.inl, { dups: true }), 'inline dir')
    const tiny = await exportBytes(`/ipfs/${cid.inl}/tiny.txt`, onlyBlocks(car.blocks))
    assert.equal(tiny.toString(), 'hi')
  })

  test('probe /ipfs/bafkqaaa: raw → 200 empty; CAR → 200, roots [bafkqaaa], no blocks', async () => {
    for (const [path, headers] of [['/ipfs/bafkqaaa?format=raw', {}], ['/ipfs/bafkqaaa', { Accept: 'application/vnd.ipld.raw' }]]) {
      const res = await gw(path, { headers })
      assert.equal(res.status, 200, path)
      assert.equal((await body(res)).length, 0, `${path}: empty body`)
      const head = await gw(path, { method: 'HEAD', headers })
      assert.equal(head.status, 200, `HEAD ${path}`)
    }
    const car = await getCar('/ipfs/bafkqaaa?format=car')
    assert.deepEqual(car.roots.map(String), ['bafkqaaa'])
    assert.equal(car.blocks.length, 0)
  })
})

// ---------------------------------------------------------------------------------------------

/**
 * An HTTP proxy in front of the gateway that flips one byte of one block (`target`) wherever
 * it passes: in a raw block response for that CID, or inside a CAR response carrying it.
 */
async function corruptingProxy (upstream, target) {
  const targetKey = keyOf(target)
  const state = { corrupted: 0, requests: 0 }
  const server = http.createServer(async (req, res) => {
    state.requests++
    try {
      const up = await fetch(`${upstream}${req.url}`, { method: req.method, headers: { accept: req.headers.accept ?? '*/*' }, redirect: 'manual' })
      const buf = Buffer.from(await up.arrayBuffer())
      const type = parseContentType(up.headers.get('content-type'))?.type
      if (type === 'application/vnd.ipld.raw' && buf.length > 0) {
        const m = /^\/ipfs\/([^/?]+)/.exec(req.url)
        if (m != null && keyOf(CID.parse(m[1])) === targetKey) {
          buf[buf.length >> 1] ^= 0x01
          state.corrupted++
        }
      } else if (type === 'application/vnd.ipld.car' && buf.length > 0) {
        const indexer = await CarIndexer.fromBytes(buf)
        for await (const entry of indexer) {
          if (keyOf(entry.cid) === targetKey) {
            buf[entry.blockOffset + (entry.blockLength >> 1)] ^= 0x01
            state.corrupted++
          }
        }
      }
      const headers = {}
      up.headers.forEach((v, k) => { if (!['transfer-encoding', 'connection', 'content-length', 'content-encoding'].includes(k)) headers[k] = v })
      headers['content-length'] = buf.length
      res.writeHead(up.status, headers)
      res.end(req.method === 'HEAD' ? undefined : buf)
    } catch (err) {
      res.writeHead(502)
      res.end(String(err))
    }
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    state,
    close: () => new Promise(resolve => { server.closeAllConnections(); server.close(resolve) })
  }
}

describe('@helia/verified-fetch uses Cairn as a trustless gateway', { timeout: TEST_TIMEOUT }, () => {
  test('a multi-level file (CIDv1 raw leaves and CIDv0), verified block by block', async () => {
    const vf = await makeVerifiedFetch({ gateways: [d.gateway] })
    try {
      for (const name of ['rawBig', 'plain/sub/big.bin']) {
        const res = await vf.fetch(`ipfs://${cid[name]}`, { signal: AbortSignal.timeout(120000) })
        assert.equal(res.status, 200, `${name}: ${res.status} ${res.statusText}`)
        assert.ok((await body(res)).equals(bytes['plain/sub/big.bin']), `${name}: bytes`)
      }
    } finally {
      await vf.stop()
    }
  })

  test('files by path: through plain directories and through a HAMT', async () => {
    const vf = await makeVerifiedFetch({ gateways: [d.gateway] })
    try {
      for (const path of ['plain/sub/file.txt', 'plain/data.bin', 'hamt/entry-123.txt', 'hamt/entry-007.txt', 'zeros.bin']) {
        const res = await vf.fetch(`ipfs://${cid.root}/${path}`, { signal: AbortSignal.timeout(120000) })
        assert.equal(res.status, 200, `${path}: ${res.status} ${res.statusText}`)
        assert.ok((await body(res)).equals(bytes[path]), `${path}: bytes`)
      }
    } finally {
      await vf.stop()
    }
  })

  test('directories: index.html is served; the whole tree as a CAR built from verified blocks', async () => {
    const vf = await makeVerifiedFetch({ gateways: [d.gateway] })
    try {
      const web = await vf.fetch(`ipfs://${cid.root}/web/`, { signal: AbortSignal.timeout(120000) })
      assert.equal(web.status, 200)
      assert.ok((await body(web)).equals(bytes['web/index.html']), 'web/ serves index.html')
      const res = await vf.fetch(`ipfs://${cid.root}`, { headers: { Accept: 'application/vnd.ipld.car' }, signal: AbortSignal.timeout(300000) })
      assert.equal(res.status, 200, `${res.status} ${res.statusText}`)
      const car = await readCarStream(res.body)
      assert.deepEqual(await compareDagWithFs(cid.root, onlyBlocks(car.blocks), join(work, 'tree')), [])
    } finally {
      await vf.stop()
    }
  })

  test('found through Cairn\'s own delegated routing (/routing/v1) with no gateway configured', async () => {
    const vf = await makeVerifiedFetch({ routers: [d.gateway] })
    try {
      const res = await vf.fetch(`ipfs://${cid.root}/plain/data.bin`, { signal: AbortSignal.timeout(120000) })
      assert.equal(res.status, 200, `${res.status} ${res.statusText}`)
      assert.ok((await body(res)).equals(bytes['plain/data.bin']))
    } finally {
      await vf.stop()
    }
  })

  test('a proxy that flips one byte of one block: verified-fetch fails instead of returning bytes', async (t) => {
    const want = createHash('sha256').update(bytes['plain/sub/big.bin']).digest('hex')
    for (const name of ['plain/sub/big.bin', 'rawBig']) {
      const leaves = model.all(cid[name]).filter(k => model.node(CID.parse(k)).links.length === 0)
      const proxy = await corruptingProxy(d.gateway, CID.parse(leaves[40]))
      let out
      try {
        // in a child process: Helia leaves unhandled rejections behind when a block cannot be had
        const { stdout } = await execFileP(process.execPath, [VERIFIED_FETCH, '--gateway', proxy.url, '--timeout', '20000', `ipfs://${cid[name]}`])
        out = JSON.parse(stdout)
      } finally {
        await proxy.close()
      }
      t.diagnostic(`${name}: ${JSON.stringify(out)}; ${proxy.state.corrupted} corrupted of ${proxy.state.requests} requests`)
      assert.ok(proxy.state.corrupted > 0, `${name}: the proxy corrupted a block (${proxy.state.requests} requests)`)
      assert.ok(out.sha256 == null, `${name}: verified-fetch returned a whole body for a corrupted block (${JSON.stringify(out)}${out.sha256 === want ? ', the right bytes' : ', WRONG bytes'})`)
      assert.ok(out.error != null || out.bodyError != null || out.status !== 200, JSON.stringify(out))
    }
  })

  test('the corruption test\'s control: the same child fetch straight from the gateway returns the right bytes', async () => {
    const { stdout } = await execFileP(process.execPath, [VERIFIED_FETCH, '--gateway', d.gateway, '--timeout', '60000', `ipfs://${cid.rawBig}`])
    const out = JSON.parse(stdout)
    assert.equal(out.status, 200, stdout)
    assert.equal(out.sha256, createHash('sha256').update(bytes['plain/sub/big.bin']).digest('hex'))
  })
})

// ---------------------------------------------------------------------------------------------

const HEADERS_COMPARED = ['content-type', 'content-length', 'etag', 'cache-control', 'content-disposition',
  'x-content-type-options', 'x-ipfs-path', 'x-ipfs-roots', 'content-range', 'accept-ranges']

describe('gateway HTTP semantics', { timeout: TEST_TIMEOUT }, () => {
  test('raw block: Content-Type, Content-Length, Content-Disposition .bin, nosniff, immutable, Etag; body hashes to the CID', async () => {
    const leaf = CID.parse(model.all(cid.rawBig)[3])
    for (const [path, headers] of [[`/ipfs/${leaf}?format=raw`, {}], [`/ipfs/${leaf}`, { Accept: 'application/vnd.ipld.raw' }],
      [`/ipfs/${leaf}?format=raw`, { Accept: 'application/vnd.ipld.car' }]]) {
      const res = await gw(path, { headers })
      assert.equal(res.status, 200, path)
      assert.equal(parseContentType(res.headers.get('content-type')).type, 'application/vnd.ipld.raw', `${path} ${JSON.stringify(headers)}: Content-Type`)
      const b = await body(res)
      assert.ok(b.equals(Buffer.from(model.bytes(leaf))), 'raw block bytes')
      assert.equal(res.headers.get('content-length'), String(b.length))
      assert.match(res.headers.get('content-disposition') ?? '', new RegExp(`^attachment;\\s*filename="${leaf}\\.bin"`))
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
      assert.equal(res.headers.get('cache-control'), IMMUTABLE)
      assert.match(res.headers.get('etag') ?? '', ETAG)
    }
    // a dag-pb block as raw: the node's bytes, not the file
    const res = await gw(`/ipfs/${cid['plain/sub/big.bin']}?format=raw`)
    assert.ok((await body(res)).equals(Buffer.from(model.bytes(cid['plain/sub/big.bin']))))
  })

  test('CAR: Content-Type version=1 order/dups, Content-Disposition .car, nosniff, immutable; Etags differ by scope, range, dups and format', async () => {
    const c = cid.rawBig
    const car = await getCar(`/ipfs/${c}?format=car`)
    assert.match(car.res.headers.get('content-disposition') ?? '', new RegExp(`^attachment;\\s*filename="${c}\\.car"`))
    assert.equal(car.res.headers.get('x-content-type-options'), 'nosniff')
    assert.equal(car.res.headers.get('cache-control'), IMMUTABLE)
    const viaAccept = await getCar(`/ipfs/${c}`, { Accept: 'application/vnd.ipld.car' })
    assert.deepEqual(viaAccept.keys.sort(), [...car.keys].sort(), 'Accept: application/vnd.ipld.car = ?format=car')
    const formatWins = await gw(`/ipfs/${c}?format=car`, { headers: { Accept: 'application/vnd.ipld.raw' } })
    assert.equal(parseContentType(formatWins.headers.get('content-type')).type, 'application/vnd.ipld.car', 'format=car wins over Accept')
    await formatWins.arrayBuffer()

    const variants = [
      ['?format=car', {}],
      ['?format=car&dag-scope=entity', {}],
      ['?format=car&dag-scope=block', {}],
      ['?format=car&entity-bytes=0:0', {}],
      ['?format=car&entity-bytes=0:100000', {}],
      ['', { Accept: `${CAR_DFS}; dups=y` }],
      ['?format=raw', {}],
      ['', {}]
    ]
    const etags = new Map()
    for (const [query, headers] of variants) {
      const res = await gw(`/ipfs/${c}${query}`, { headers })
      assert.equal(res.status, 200, query)
      await res.arrayBuffer()
      const etag = res.headers.get('etag')
      assert.match(etag ?? '', ETAG, `${query} ${JSON.stringify(headers)}: Etag`)
      const clash = etags.get(etag)
      assert.equal(clash, undefined, `Etag ${etag} of ${query} ${JSON.stringify(headers)} is also that of ${clash}`)
      etags.set(etag, `${query} ${JSON.stringify(headers)}`)
    }
  })

  test('deserialized file: bytes, sniffed Content-Type, X-Ipfs-Path, X-Ipfs-Roots, immutable, Etag', async () => {
    const cases = [
      ['plain/a.txt', /^text\/plain/, [cid.root, cid.plain, cid['plain/a.txt']]],
      ['web/index.html', /^text\/html/, [cid.root, cid.web, cid['web/index.html']]],
      ['plain/sub/big.bin', null, [cid.root, cid.plain, cid['plain/sub'], cid['plain/sub/big.bin']]]
    ]
    for (const [path, type, roots] of cases) {
      const p = `/ipfs/${cid.root}/${path}`
      const res = await gw(p)
      assert.equal(res.status, 200, p)
      assert.ok((await body(res)).equals(bytes[path]), `${p}: bytes`)
      if (type != null) assert.match(res.headers.get('content-type') ?? '', type, `${p}: Content-Type`)
      assert.ok(res.headers.get('content-type') != null, `${p}: a Content-Type`)
      assert.equal(res.headers.get('x-ipfs-path'), p)
      assert.deepEqual((res.headers.get('x-ipfs-roots') ?? '').split(',').map(s => s.trim()), roots.map(String), `${p}: X-Ipfs-Roots`)
      assert.equal(res.headers.get('cache-control'), IMMUTABLE)
      assert.match(res.headers.get('etag') ?? '', ETAG)
    }
  })

  test('Content-Disposition: filename= → inline; download=true → attachment; non-ASCII names in both forms', async () => {
    const p = `/ipfs/${cid['plain/a.txt']}`
    let res = await gw(`${p}?filename=hello.txt`)
    await res.arrayBuffer()
    assert.match(res.headers.get('content-disposition') ?? '', /^inline;\s*filename="hello\.txt"/)
    res = await gw(`${p}?filename=hello.txt&download=true`)
    await res.arrayBuffer()
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment;\s*filename="hello\.txt"/)
    res = await gw(`${p}?filename=${encodeURIComponent('testтест.pdf')}`)
    await res.arrayBuffer()
    const cd = res.headers.get('content-disposition') ?? ''
    assert.match(cd, /^inline;/)
    assert.ok(cd.includes('filename="test____.pdf"'), cd)
    assert.ok(cd.includes("filename*=UTF-8''test%D1%82%D0%B5%D1%81%D1%82.pdf"), cd)
  })

  test('HEAD: the same status and headers as GET, no body', async () => {
    const leaf = CID.parse(model.all(cid.rawBig)[3])
    const paths = [
      `/ipfs/${cid.root}/plain/a.txt`,
      `/ipfs/${cid['plain/sub/big.bin']}`,
      `/ipfs/${leaf}?format=raw`,
      `/ipfs/${cid.rawBig}?format=car`,
      `/ipfs/${cid.root}/web/`,
      `/ipfs/${cid.root}/plain/`
    ]
    const differences = []
    for (const p of paths) {
      const get = await gw(p)
      const getLength = (await body(get)).length
      const head = await gw(p, { method: 'HEAD' })
      assert.equal(head.status, get.status, `HEAD ${p}`)
      assert.equal((await body(head)).length, 0, `HEAD ${p}: no body`)
      for (const h of HEADERS_COMPARED) {
        if (head.headers.get(h) !== get.headers.get(h)) differences.push(`${p}: ${h}: HEAD ${head.headers.get(h)}, GET ${get.headers.get(h)}`)
      }
      // RFC 9110 §8.6: a Content-Length on HEAD must be what GET would send
      const headLength = head.headers.get('content-length')
      if (headLength != null && Number(headLength) !== getLength) differences.push(`${p}: HEAD Content-Length ${headLength}, GET sends ${getLength} bytes`)
    }
    assert.deepEqual(differences, [])
  })

  test('If-None-Match with the Etag → 304 without a body; another Etag → 200', async () => {
    const paths = [`/ipfs/${cid.root}/plain/a.txt`, `/ipfs/${cid.rawBig}?format=raw`, `/ipfs/${cid.rawBig}?format=car`, `/ipfs/${cid.root}/plain/`]
    for (const p of paths) {
      const first = await gw(p)
      await first.arrayBuffer()
      const etag = first.headers.get('etag')
      assert.match(etag ?? '', ETAG, p)
      const again = await gw(p, { headers: { 'If-None-Match': etag } })
      assert.equal(again.status, 304, `${p} If-None-Match: ${etag}`)
      assert.equal((await body(again)).length, 0, `${p}: 304 has no body`)
      const listed = await gw(p, { headers: { 'If-None-Match': `"something-else", ${etag}` } })
      assert.equal(listed.status, 304, `${p}: Etag in a list`)
      await listed.arrayBuffer()
      const other = await gw(p, { headers: { 'If-None-Match': '"something-else"' } })
      assert.equal(other.status, 200, `${p}: another Etag`)
      await other.arrayBuffer()
    }
  })

  test('Range: single (across chunks, suffix, open), multiple (multipart/byteranges), unsatisfiable → 416', async () => {
    const p = `/ipfs/${cid.root}/plain/sub/big.bin`
    const big = bytes['plain/sub/big.bin']
    const S = big.length
    for (const [range, from, to] of [[`bytes=${CHUNK - 100}-${2 * CHUNK + 50}`, CHUNK - 100, 2 * CHUNK + 50],
      ['bytes=-500', S - 500, S - 1], [`bytes=${S - 70000}-`, S - 70000, S - 1], ['bytes=0-0', 0, 0]]) {
      const res = await gw(p, { headers: { Range: range } })
      assert.equal(res.status, 206, range)
      assert.equal(res.headers.get('content-range'), `bytes ${from}-${to}/${S}`, range)
      assert.ok((await body(res)).equals(big.subarray(from, to + 1)), `${range}: bytes`)
    }

    const multi = await gw(p, { headers: { Range: 'bytes=0-9,200000-200009' } })
    assert.equal(multi.status, 206, 'multiple ranges')
    const ct = parseContentType(multi.headers.get('content-type'))
    assert.equal(ct.type, 'multipart/byteranges')
    const parts = parseMultipart(await body(multi), ct.params.boundary)
    assert.deepEqual(parts.map(x => x.headers['content-range']), [`bytes 0-9/${S}`, `bytes 200000-200009/${S}`])
    assert.ok(parts[0].body.equals(big.subarray(0, 10)))
    assert.ok(parts[1].body.equals(big.subarray(200000, 200010)))

    const bad = await gw(p, { headers: { Range: `bytes=${S}-${S + 10}` } })
    assert.equal(bad.status, 416)
    assert.equal(bad.headers.get('content-range'), `bytes */${S}`)
    await bad.arrayBuffer()
  })

  test('Range on a raw block response (?format=raw): 206 with the slice', async () => {
    const leaf = CID.parse(model.all(cid.rawBig)[3])
    const raw = await gw(`/ipfs/${leaf}?format=raw`, { headers: { Range: 'bytes=6-16' } })
    assert.equal(raw.status, 206, 'Range on a raw block')
    assert.equal(raw.headers.get('content-range'), `bytes 6-16/${model.bytes(leaf).length}`)
    assert.ok((await body(raw)).equals(Buffer.from(model.bytes(leaf)).subarray(6, 17)))
  })

  test('directories: 301 to the trailing slash; index.html served; generated listings name every entry (plain and HAMT)', async () => {
    for (const p of [`/ipfs/${cid.root}/web`, `/ipfs/${cid.root}`, `/ipfs/${cid.hamt}`]) {
      const res = await gw(p)
      assert.equal(res.status, 301, p)
      assert.equal(new URL(res.headers.get('location'), d.gateway).pathname, `${p}/`)
      await res.arrayBuffer()
    }
    const web = await gw(`/ipfs/${cid.root}/web/`)
    assert.equal(web.status, 200)
    assert.match(web.headers.get('content-type') ?? '', /^text\/html/)
    assert.ok((await body(web)).equals(bytes['web/index.html']))

    const plain = await gw(`/ipfs/${cid.root}/plain/`)
    assert.equal(plain.status, 200)
    assert.match(plain.headers.get('content-type') ?? '', /^text\/html/)
    const html = await plain.text()
    for (const name of ['a.txt', 'data.bin', 'sub']) assert.ok(html.includes(name), `listing names ${name}`)

    const hamt = await (await gw(`/ipfs/${cid.root}/hamt/`)).text()
    const missing = Object.keys(bytes).filter(k => k.startsWith('hamt/')).map(k => k.slice(5)).filter(n => !hamt.includes(n))
    assert.deepEqual(missing, [], 'HAMT listing names every entry')
  })

  test('errors: 400 malformed CID, 404 absent CID or path, 406 unsupported format, 405 on writes, 400 Service-Worker', async () => {
    for (const p of ['/ipfs/not-a-cid', '/ipfs/bafyNOTbase32!', '/ipfs/QmTooShort?format=raw', '/ipfs/not-a-cid?format=car']) {
      const res = await gw(p)
      assert.equal(res.status, 400, p)
      await res.arrayBuffer()
    }
    const absent = await absentCid()
    for (const [p, method, headers] of [[`/ipfs/${absent}`, 'GET', {}], [`/ipfs/${absent}?format=raw`, 'GET', {}],
      [`/ipfs/${absent}?format=car`, 'GET', {}], [`/ipfs/${absent}`, 'HEAD', {}], [`/ipfs/${absent}`, 'GET', { Accept: 'application/vnd.ipld.raw' }],
      [`/ipfs/${cid.root}/plain/no-such-file`, 'GET', {}], [`/ipfs/${cid.root}/plain/a.txt/deeper`, 'GET', {}]]) {
      const res = await gw(p, { method, headers })
      assert.equal(res.status, 404, `${method} ${p}`)
      await res.arrayBuffer()
    }
    for (const p of [`/ipfs/${cid.root}?format=dag-cbor`, `/ipfs/${cid.root}?format=dag-json`]) {
      const res = await gw(p)
      assert.equal(res.status, 406, p)
      await res.arrayBuffer()
    }
    const v2 = await gw(`/ipfs/${cid.rawBig}`, { headers: { Accept: 'application/vnd.ipld.car; version=2' } })
    assert.ok(v2.status === 400 || v2.status === 406, `CARv2 asked for: ${v2.status}`)
    await v2.arrayBuffer()
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await gw(`/ipfs/${cid.root}/plain/a.txt`, { method, body: method === 'DELETE' ? undefined : 'x' })
      assert.equal(res.status, 405, method)
      await res.arrayBuffer()
    }
    const sw = await gw(`/ipfs/${cid.root}`, { headers: { 'Service-Worker': 'script' } })
    assert.equal(sw.status, 400, 'Service-Worker registration for a whole /ipfs/cid')
    await sw.arrayBuffer()
  })

  test('delegated routing: /routing/v1/providers/{cid} names this node as an HTTP gateway provider (JSON and ndjson)', async () => {
    const port = new URL(d.gateway).port
    const checkProvider = (p) => {
      assert.equal(p.Schema, 'peer')
      assert.ok(peerIdFromString(p.ID).equals(peerIdFromString(peerId)), `ID ${p.ID} is this node (${peerId})`)
      assert.ok(p.Protocols.includes('transport-ipfs-gateway-http'), `Protocols ${p.Protocols}`)
      assert.ok(p.Addrs.some(a => a.includes(`/tcp/${port}/`) && /\/(http|tls\/http|https)$/.test(a)), `an HTTP address of the gateway in ${p.Addrs}`)
    }
    for (const c of [cid.root, cid.rawBig, cid.root.toV1()]) {
      const res = await gw(`/routing/v1/providers/${c}`)
      assert.equal(res.status, 200, `${c}`)
      assert.equal(parseContentType(res.headers.get('content-type')).type, 'application/json')
      const json = await res.json()
      assert.ok(Array.isArray(json.Providers) && json.Providers.length >= 1 && json.Providers.length <= 100)
      checkProvider(json.Providers[0])

      const nd = await gw(`/routing/v1/providers/${c}`, { headers: { Accept: 'application/x-ndjson' } })
      assert.equal(nd.status, 200)
      assert.equal(parseContentType(nd.headers.get('content-type')).type, 'application/x-ndjson')
      const lines = (await nd.text()).split('\n').filter(l => l.trim() !== '')
      assert.ok(lines.length >= 1)
      checkProvider(JSON.parse(lines[0]))
    }
  })

  test('delegated routing: no provider for an absent CID (404, or 200 with none as IPIP-0513 prefers)', async () => {
    const absent = await absentCid()
    const res = await gw(`/routing/v1/providers/${absent}`)
    if (res.status !== 404) {
      assert.equal(res.status, 200)
      assert.deepEqual((await res.json()).Providers ?? [], [])
    } else {
      await res.arrayBuffer()
    }
    const nd = await gw(`/routing/v1/providers/${absent}`, { headers: { Accept: 'application/x-ndjson' } })
    if (nd.status !== 404) {
      assert.equal(nd.status, 200)
      assert.equal((await nd.text()).trim(), '')
    } else {
      await nd.arrayBuffer()
    }
    const bad = await gw('/routing/v1/providers/not-a-cid')
    assert.ok(bad.status === 400 || bad.status === 422, `malformed CID: ${bad.status}`)
    await bad.arrayBuffer()
  })
})

/** Splits a multipart/byteranges body into parts { headers, body }. */
function parseMultipart (buf, boundary) {
  assert.ok(boundary, 'multipart boundary')
  const delim = Buffer.from(`--${boundary}`)
  const parts = []
  let pos = buf.indexOf(delim)
  while (pos >= 0) {
    pos += delim.length
    if (buf.subarray(pos, pos + 2).toString() === '--') break
    const headEnd = buf.indexOf('\r\n\r\n', pos)
    const headers = {}
    for (const line of buf.subarray(pos, headEnd).toString().split('\r\n')) {
      const i = line.indexOf(':')
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim()
    }
    const next = buf.indexOf(delim, headEnd + 4)
    assert.ok(next > 0, 'multipart part ends')
    parts.push({ headers, body: buf.subarray(headEnd + 4, next - 2) }) // the CRLF before the delimiter is not data
    pos = next
  }
  return parts
}

// ---------------------------------------------------------------------------------------------

describe('RPC API guards', { timeout: TEST_TIMEOUT }, () => {
  test('a browser page from another origin is refused (403); the RPC API is not served on the gateway port', async () => {
    const evil = await fetch(`${d.api}/api/v0/version`, { method: 'POST', headers: { Origin: 'http://evil.example' } })
    assert.equal(evil.status, 403)
    await evil.arrayBuffer()
    const referer = await fetch(`${d.api}/api/v0/version`, { method: 'POST', headers: { Referer: 'http://evil.example/page.html' } })
    assert.equal(referer.status, 403, 'a foreign Referer without Origin')
    await referer.arrayBuffer()
    const onGateway = await gw('/api/v0/version', { method: 'POST' })
    assert.ok(onGateway.status >= 400, `RPC on the gateway port: ${onGateway.status}`)
    await onGateway.arrayBuffer()
  })

  test('RPC: POST /api/v0/version answers with its version; GET → 405', async () => {
    const ok = await fetch(`${d.api}/api/v0/version`, { method: 'POST' })
    assert.equal(ok.status, 200)
    assert.equal(typeof (await ok.json()).Version, 'string')
    const get = await fetch(`${d.api}/api/v0/version`)
    assert.equal(get.status, 405, 'GET on the RPC API')
    await get.arrayBuffer()
  })

  test('with API.Authorizations, a request without the secret gets 401; with it, it is let through', async () => {
    const authorizations = { ci: { AuthSecret: 'bearer:s3cret', AllowedPaths: ['/api/v0'] } }
    const guarded = await startDaemon({ config: { 'API.Authorizations': authorizations } })
    try {
      const url = `${guarded.api}/api/v0/version`
      const none = await fetch(url, { method: 'POST' })
      assert.equal(none.status, 401)
      await none.arrayBuffer()
      const wrong = await fetch(url, { method: 'POST', headers: { Authorization: 'Bearer wrong' } })
      assert.equal(wrong.status, 401)
      await wrong.arrayBuffer()
      const right = await fetch(url, { method: 'POST', headers: { Authorization: 'Bearer s3cret' } })
      assert.ok(right.status !== 401 && right.status !== 403, `with the secret: ${right.status}`)
      await right.arrayBuffer()
    } finally {
      await guarded.stop()
    }
  })
})
