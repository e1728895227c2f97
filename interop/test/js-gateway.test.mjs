// The JS trustless gateway (lib/js-gateway.mjs) checked against ipfs/specs
// trustless-gateway.md and ../shared/SPECS.md §4, so the reference side of the transfer
// interop tests (test/fetch.test.mjs) is known to be right. Needs no Cairn:
//  - every CAR is read with @ipld/car, each block re-hashed to its CID, and must hold
//    exactly the blocks lib/trustless.mjs's DagModel (written for Cairn's gateway tests)
//    computes for the request (dag-scope, entity-bytes, dups, paths), in that order;
//  - raw blocks hash to their CIDs; files exported from a CAR's blocks alone are the originals;
//  - status codes, headers, routing v1, and the misbehaviour switches the failure tests use.
import assert from 'node:assert/strict'
import { createCipheriv } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { exporter } from 'ipfs-unixfs-exporter'
import { CID } from 'multiformats/cid'
import { startJsGateway } from '../lib/js-gateway.mjs'
import {
  absentCid, DagModel, exportBytes, exportNames, keyOf, onlyBlocks, parseContentType, readCarStream, verifyBlock
} from '../lib/trustless.mjs'

const CHUNK = 65536
const BIG_SIZE = 1024 * 1024 + 4321 // 17 leaves of 64 KiB with 4 links a node → 5 → 2 → 1
const opts = { chunkSize: CHUNK, maxLinks: 4, hamtThreshold: 1000 }

let work
let gw
const model = new DagModel()
const cid = {}
const bytes = {}

function pseudoRandom (seed, n) {
  const key = Buffer.alloc(16)
  key.write(seed)
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(n))
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'cairn-interop-jsgw-'))
  const tree = join(work, 'tree')
  const files = {
    'plain/a.txt': Buffer.from('hello from the plain directory\n'),
    'plain/big.bin': pseudoRandom('big', BIG_SIZE),
    'zeros.bin': Buffer.alloc(512 * 1024), // 8 identical leaves under 2 identical nodes
    'dup-a.txt': Buffer.from('the same bytes twice\n'),
    'dup-b.txt': Buffer.from('the same bytes twice\n')
  }
  for (let i = 0; i < 120; i++) files[`hamt/entry-${String(i).padStart(3, '0')}.txt`] = Buffer.from(`entry ${i}\n`)
  for (const [rel, data] of Object.entries(files)) {
    await mkdir(join(tree, rel, '..'), { recursive: true })
    await writeFile(join(tree, rel), data)
    bytes[rel] = data
  }
  gw = await startJsGateway()
  cid.root = await gw.addTree(tree, opts)
  cid.big = await gw.addBytes(bytes['plain/big.bin'], opts)
  for (const c of await gw.dagCids(cid.root)) {
    const { blocks } = await readCarStream((await fetch(`${gw.url}/ipfs/${c}?format=car&dag-scope=block`)).body)
    await model.add(blocks)
  }
  // names → CIDs through the directories (the model knows the links)
  const walk = (c, prefix) => {
    for (const l of model.node(c).links) {
      const name = prefix + l.Name
      cid[name] = l.Hash
      if (model.kind(l.Hash) === 'directory') walk(l.Hash, name + '/')
    }
  }
  walk(cid.root, '')
  assert.equal(model.kind(cid.hamt), 'hamt', 'hamt/ is sharded')
  assert.ok(model.entity(cid.hamt).length > 1, 'the HAMT has sub-shards')
  assert.equal(model.all(cid['plain/big.bin']).length, 1 + 2 + 5 + 17)
  assert.equal(model.all(cid['zeros.bin']).length, 3)
  assert.equal(model.all(cid['zeros.bin'], { dups: true }).length, 1 + 2 + 8)
  assert.equal(cid.big.toString(), cid['plain/big.bin'].toString())
})

after(async () => {
  if (gw != null) await gw.close()
  if (work != null) await rm(work, { recursive: true, force: true })
})

function get (path, init) {
  return fetch(`${gw.url}${path}`, init)
}

async function car (path, init) {
  const res = await get(path, init)
  assert.equal(res.status, 200, `${path}: ${res.status}`)
  const ct = parseContentType(res.headers.get('content-type'))
  assert.equal(ct.type, 'application/vnd.ipld.car')
  assert.equal(ct.params.version, '1')
  assert.equal(ct.params.order, 'dfs')
  assert.ok(ct.params.dups === 'y' || ct.params.dups === 'n')
  const { version, roots, blocks } = await readCarStream(res.body)
  assert.equal(version, 1)
  return { res, ct, roots, blocks, keys: blocks.map(b => keyOf(b.cid)) }
}

describe('raw blocks', () => {
  test('every block of the DAG, by ?format=raw and by Accept, hashes to its CID', async () => {
    for (const c of await gw.dagCids(cid.root)) {
      for (const [q, init] of [['?format=raw', {}], ['', { headers: { Accept: 'application/vnd.ipld.raw' } }]]) {
        const res = await get(`/ipfs/${c}${q}`, init)
        assert.equal(res.status, 200)
        assert.equal(res.headers.get('content-type'), 'application/vnd.ipld.raw')
        const body = new Uint8Array(await res.arrayBuffer())
        assert.equal(Number(res.headers.get('content-length')), body.length)
        await verifyBlock(c, body)
      }
    }
  })

  test('headers: immutable, nosniff, attachment .bin, an Etag; HEAD has no body', async () => {
    const res = await get(`/ipfs/${cid['plain/a.txt']}?format=raw`, { method: 'HEAD' })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('cache-control'), 'public, max-age=29030400, immutable')
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
    assert.equal(res.headers.get('content-disposition'), `attachment; filename="${cid['plain/a.txt']}.bin"`)
    assert.match(res.headers.get('etag'), /^"[^"]+"$/)
    assert.equal((await res.arrayBuffer()).byteLength, 0)
  })

  test('the bafkqaaa probe answers 200 and nothing', async () => {
    const res = await get('/ipfs/bafkqaaa?format=raw')
    assert.equal(res.status, 200)
    assert.equal((await res.arrayBuffer()).byteLength, 0)
  })
})

describe('CARs', () => {
  const cases = [
    ['a file, dag-scope=all', 'plain/big.bin', '', m => m.all(cid['plain/big.bin'])],
    ['a tree, dag-scope=all', 'root', '', m => m.all(cid.root)],
    ['a tree, dups=y (Accept)', 'root', '', m => m.all(cid.root, { dups: true }), 'application/vnd.ipld.car; version=1; order=dfs; dups=y'],
    ['zeros, car-dups=y', 'zeros.bin', '&car-dups=y', m => m.all(cid['zeros.bin'], { dups: true })],
    ['zeros, dups=n', 'zeros.bin', '', m => m.all(cid['zeros.bin'])],
    ['a file, dag-scope=entity', 'plain/big.bin', '&dag-scope=entity', m => m.entity(cid['plain/big.bin'])],
    ['a directory, dag-scope=entity', 'plain', '&dag-scope=entity', m => m.entity(cid.plain)],
    ['a HAMT, dag-scope=entity', 'hamt', '&dag-scope=entity', m => m.entity(cid.hamt)],
    ['a HAMT, dag-scope=all', 'hamt', '', m => m.all(cid.hamt)],
    ['a file, dag-scope=block', 'plain/big.bin', '&dag-scope=block', m => [keyOf(cid['plain/big.bin'])]]
  ]
  for (const [name, which, query, expect, accept] of cases) {
    test(`${name}: exactly the blocks the spec calls for, in dfs order`, async () => {
      const path = accept == null ? `/ipfs/${cid[which]}?format=car${query}` : `/ipfs/${cid[which]}?x=1${query}`
      const r = await car(path, accept == null ? {} : { headers: { Accept: accept } })
      assert.deepEqual(r.roots.map(String), [cid[which].toString()])
      assert.deepEqual(r.keys, expect(model))
      assert.equal(r.ct.params.dups, /dups=y/.test(query + (accept ?? '')) ? 'y' : 'n')
      assert.equal(r.res.headers.get('content-disposition'), `attachment; filename="${cid[which]}.car"`)
    })
  }

  test('the whole file and the whole tree export from the CAR blocks alone', async () => {
    const file = await car(`/ipfs/${cid['plain/big.bin']}?format=car`)
    assert.ok((await exportBytes(cid['plain/big.bin'], onlyBlocks(file.blocks))).equals(bytes['plain/big.bin']))
    const tree = await car(`/ipfs/${cid.root}?format=car`)
    const store = onlyBlocks(tree.blocks)
    for (const rel of ['plain/a.txt', 'zeros.bin', 'dup-b.txt', 'hamt/entry-077.txt']) {
      const entry = await exporter(`/ipfs/${cid.root}/${rel}`, store)
      assert.ok((await exportBytes(entry.cid, store)).equals(bytes[rel]), rel)
    }
    assert.equal((await exportNames(cid.hamt, store)).length, 120)
  })

  for (const range of ['0:0', '0:*', '100000:300000', '-70000:*', '5000000:*', `${BIG_SIZE - 1}:${BIG_SIZE + 10}`]) {
    test(`entity-bytes=${range}: the root and the blocks overlapping the range`, async () => {
      const r = await car(`/ipfs/${cid['plain/big.bin']}?format=car&entity-bytes=${range}`)
      assert.deepEqual(r.keys, model.range(cid['plain/big.bin'], range))
      const span = model.resolveRange(cid['plain/big.bin'], range)
      if (span != null) {
        const got = await exportBytes(cid['plain/big.bin'], onlyBlocks(r.blocks), { offset: span.from, length: span.to - span.from + 1 })
        assert.ok(got.equals(bytes['plain/big.bin'].subarray(span.from, span.to + 1)))
      }
    })
  }

  test('a path: the directories on the way, then the terminus DAG', async () => {
    const r = await car(`/ipfs/${cid.root}/plain/big.bin?format=car&dag-scope=entity`)
    assert.deepEqual(r.roots.map(String), [cid.root.toString()])
    assert.deepEqual(r.keys, [keyOf(cid.root), keyOf(cid.plain), ...model.all(cid['plain/big.bin'])])
  })
})

describe('HTTP status', () => {
  test('400 for a malformed CID or parameter', async () => {
    assert.equal((await get('/ipfs/not-a-cid?format=raw')).status, 400)
    assert.equal((await get(`/ipfs/${cid.root}?format=car&dag-scope=most`)).status, 400)
    assert.equal((await get(`/ipfs/${cid.root}?format=car&entity-bytes=a:b`)).status, 400)
  })

  test('404 when the root block is absent', async () => {
    const absent = await absentCid()
    assert.equal((await get(`/ipfs/${absent}?format=raw`)).status, 404)
    assert.equal((await get(`/ipfs/${absent}?format=car`)).status, 404)
    assert.equal((await get(`/ipfs/${cid.root}/no-such-name?format=car`)).status, 404)
  })

  test('406 for what a trustless gateway does not serve', async () => {
    assert.equal((await get(`/ipfs/${cid.root}`)).status, 406, 'no format: a deserialized response')
    assert.equal((await get(`/ipfs/${cid.root}`, { headers: { Accept: 'text/html' } })).status, 406)
    assert.equal((await get(`/ipfs/${cid.root}?format=tar`)).status, 406)
    assert.equal((await get(`/ipfs/${cid.root}?format=car&car-version=2`)).status, 406)
    assert.equal((await get(`/ipfs/${cid.root}`, { headers: { Accept: 'application/vnd.ipld.car; version=2' } })).status, 406)
  })

  test('405 for POST', async () => {
    assert.equal((await get(`/ipfs/${cid.root}?format=raw`, { method: 'POST' })).status, 405)
  })

  test('routing v1: this gateway as an HTTP provider of what it holds, 404 otherwise', async () => {
    const res = await get(`/routing/v1/providers/${cid['plain/big.bin']}`)
    assert.equal(res.status, 200)
    const { Providers } = await res.json()
    assert.deepEqual(Providers, [{
      Schema: 'peer', ID: gw.peerId, Addrs: [gw.multiaddr], Protocols: ['transport-ipfs-gateway-http']
    }])
    assert.match(gw.peerId, /^12D3KooW/)
    assert.equal((await get(`/routing/v1/providers/${await absentCid()}`)).status, 404)
  })
})

describe('misbehaviour', () => {
  test('corrupt: the block is served with other bytes (raw and in a CAR), nothing else changes', async (t) => {
    const bad = model.all(cid['plain/big.bin'])[3]
    const badCid = CID.parse(bad)
    const g = await startJsGateway({ misbehave: { corrupt: [bad] } })
    t.after(() => g.close())
    assert.equal((await g.addBytes(bytes['plain/big.bin'], opts)).toString(), cid.big.toString())
    const raw = new Uint8Array(await (await fetch(`${g.url}/ipfs/${badCid}?format=raw`)).arrayBuffer())
    await assert.rejects(verifyBlock(badCid, raw), /do not hash/)
    const res = await fetch(`${g.url}/ipfs/${cid.big}?format=car`)
    await assert.rejects(readCarStream(res.body), /do not hash/)
    const good = model.all(cid['plain/big.bin'])[2]
    await verifyBlock(CID.parse(good), new Uint8Array(await (await fetch(`${g.url}/ipfs/${good}?format=raw`)).arrayBuffer()))
  })

  test('stallAfter: the body stops after N bytes and the connection stays open', async (t) => {
    const g = await startJsGateway({ misbehave: { stallAfter: 100000 } })
    t.after(() => g.close())
    await g.addBytes(bytes['plain/big.bin'], opts)
    const ac = new AbortController()
    const res = await fetch(`${g.url}/ipfs/${cid.big}?format=car`, { signal: ac.signal })
    let got = 0
    const reader = res.body.getReader()
    const timer = setTimeout(() => ac.abort(), 1500) // a bound on the test, not a measurement
    await assert.rejects(async () => {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) throw new Error('the stream ended instead of stalling')
        got += value.length
      }
    }, /abort/i)
    clearTimeout(timer)
    assert.equal(got, 100000)
  })

  test('dieAfter: the response is cut after N bytes and the gateway refuses connections', async (t) => {
    const g = await startJsGateway({ misbehave: { dieAfter: 200000 } })
    t.after(() => g.close())
    await g.addBytes(bytes['plain/big.bin'], opts)
    const res = await fetch(`${g.url}/ipfs/${cid.big}?format=car`)
    await assert.rejects(readCarStream(res.body))
    assert.equal(g.stats.bodyBytes, 200000)
    await assert.rejects(fetch(`${g.url}/ipfs/${cid.big}?format=raw`), /fetch failed/)
  })
})
