// Cairn's RPC API through kubo-rpc-client (unmodified, from node_modules) against a real
// `cairn daemon`: every result is checked against a known answer — CIDs from `cairn add -n`
// on the same bytes (no repository involved), spec vectors, the daemon's config, or the
// JS reference packages (@ipld/car, ipfs-unixfs-exporter) reading what the API returned.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { CarBlockIterator } from '@ipld/car/iterator'
import { create, globSource } from 'kubo-rpc-client'
import { cairn } from '../lib/cairn.mjs'
import { blockstoreOf, compareDagWithFs, rehashFailures } from '../lib/car-util.mjs'
import { mulberry32 } from '../lib/corpus.mjs'
import { startDaemon } from '../lib/daemon.mjs'

const HELLO_DAG_PB = 'Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD' // "hello world", Kubo's default add
const HELLO_RAW = 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e' // "hello world", raw block

let daemon
let client
let work
let hashEnv // `cairn add -n` needs no repository: point it at none, away from the daemon's
const big = bytes(1_500_000, 1)

function bytes (n, seed) {
  const rand = mulberry32(seed)
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = Math.floor(rand() * 256)
  return out
}

async function concat (iterable) {
  const parts = []
  for await (const p of iterable) parts.push(p)
  return Buffer.concat(parts)
}

async function all (iterable) {
  const out = []
  for await (const x of iterable) out.push(x)
  return out
}

async function cliCid (...args) {
  return (await cairn(['add', '-n', '-Q', ...args], { env: hashEnv })).trim()
}

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'cairn-rpc-'))
  hashEnv = { ...process.env, CAIRN_PATH: join(work, 'no-repo') }
  await writeFile(join(work, 'big.bin'), big)
  await mkdir(join(work, 'tree', 'sub', 'deep'), { recursive: true })
  await mkdir(join(work, 'tree', 'empty'))
  await writeFile(join(work, 'tree', 'a.txt'), 'alpha\n')
  await writeFile(join(work, 'tree', 'sub', 'b.bin'), bytes(300_000, 2))
  await writeFile(join(work, 'tree', 'sub', 'deep', 'c.txt'), 'gamma\n')
  await writeFile(join(work, 'tree', 'z.txt'), 'zeta\n')
  daemon = await startDaemon()
  client = create({ url: daemon.api })
  await all(client.addAll(globSource(work, 'tree/**/*'))) // the tree the read tests use
})

after(async () => {
  if (daemon != null) assert.equal(await daemon.stop(), 0, daemon.output())
  if (work != null) await rm(work, { recursive: true, force: true })
})

test('add: a single file gives the CLI\'s CID', async () => {
  const hello = await client.add(new TextEncoder().encode('hello world'))
  assert.equal(hello.cid.toString(), HELLO_DAG_PB)
  assert.equal(hello.path, HELLO_DAG_PB) // an unnamed file is named by its CID, as in Kubo
  const added = await client.add({ path: 'big.bin', content: big })
  assert.equal(added.path, 'big.bin')
  assert.equal(added.cid.toString(), await cliCid(join(work, 'big.bin')))
  assert.ok(added.size > big.length) // the DAG's size, framing included
  const v1 = await client.add(big, { cidVersion: 1, chunker: 'size-65536' })
  assert.equal(v1.cid.toString(), await cliCid('--cid-version=1', '--chunker=size-65536', join(work, 'big.bin')))
})

test('add: a directory from globSource and from an array of {path, content}', async () => {
  const fromGlob = await all(client.addAll(globSource(work, 'tree/**/*')))
  const root = fromGlob.find(r => r.path === 'tree')
  assert.ok(root != null, JSON.stringify(fromGlob.map(r => r.path)))
  assert.equal(root.cid.toString(), await cliCid('-r', join(work, 'tree')))
  assert.equal(fromGlob[fromGlob.length - 1].path, 'tree') // the top directory is reported last
  const deep = fromGlob.find(r => r.path === 'tree/sub/deep')
  assert.ok(deep != null)

  const entries = [
    { path: 'tree/a.txt', content: new TextEncoder().encode('alpha\n') },
    { path: 'tree/sub/b.bin', content: await readFile(join(work, 'tree', 'sub', 'b.bin')) },
    { path: 'tree/sub/deep/c.txt', content: new TextEncoder().encode('gamma\n') },
    { path: 'tree/empty' },
    { path: 'tree/z.txt', content: new TextEncoder().encode('zeta\n') }
  ]
  const wrapped = await all(client.addAll(entries, { wrapWithDirectory: true }))
  const wrapper = wrapped[wrapped.length - 1]
  assert.equal(wrapper.path, '')
  assert.equal(wrapper.cid.toString(), await cliCid('-r', '-w', join(work, 'tree')))
  assert.equal(wrapped.find(r => r.path === 'tree').cid.toString(), root.cid.toString())
})

test('cat: whole files, offset and length', async () => {
  const { cid } = await client.add(big)
  assert.deepEqual(await concat(client.cat(cid)), Buffer.from(big))
  assert.deepEqual(await concat(client.cat(cid, { offset: 262_000, length: 1000 })),
    Buffer.from(big.subarray(262_000, 263_000)))
  assert.deepEqual(await concat(client.cat(cid, { offset: 1_499_990 })), Buffer.from(big.subarray(1_499_990)))
  const tree = await cliCid('-r', join(work, 'tree'))
  assert.equal((await concat(client.cat(`/ipfs/${tree}/sub/deep/c.txt`))).toString(), 'gamma\n')
  await assert.rejects(concat(client.cat(tree)), /directory/)
})

test('ls: a directory\'s entries with names, types and sizes', async () => {
  const tree = await cliCid('-r', join(work, 'tree'))
  const entries = await all(client.ls(tree))
  assert.deepEqual(entries.map(e => [e.name, e.type, e.size]), [
    ['a.txt', 'file', 6], ['empty', 'dir', 0], ['sub', 'dir', 0], ['z.txt', 'file', 5]])
  assert.equal(entries[0].path, `${tree}/a.txt`)
  const sub = entries.find(e => e.name === 'sub')
  assert.equal(sub.cid.toString(), await cliCid('-r', join(work, 'tree', 'sub')))
  const inSub = await all(client.ls(sub.cid))
  assert.deepEqual(inSub.map(e => [e.name, e.type, e.size]), [['b.bin', 'file', 300_000], ['deep', 'dir', 0]])
})

test('pin: add, ls and rm', async () => {
  const { cid } = await client.add(new TextEncoder().encode('pin me over rpc'), { pin: false })
  assert.equal((await all(client.pin.ls({ type: 'recursive' }))).some(p => p.cid.equals(cid)), false)
  assert.equal((await client.pin.add(cid)).toString(), cid.toString())
  const listed = await all(client.pin.ls({ paths: [cid] }))
  assert.deepEqual(listed.map(p => [p.cid.toString(), p.type]), [[cid.toString(), 'recursive']])
  assert.ok((await all(client.pin.ls({ type: 'recursive' }))).some(p => p.cid.equals(cid)))
  assert.equal((await client.pin.rm(cid)).toString(), cid.toString())
  assert.equal((await all(client.pin.ls({ type: 'recursive' }))).some(p => p.cid.equals(cid)), false)
  await assert.rejects(client.pin.rm(cid), /not pinned/)
})

test('block: put, get, stat and rm', async () => {
  const cid = await client.block.put(new TextEncoder().encode('hello world'))
  assert.equal(cid.toString(), HELLO_RAW)
  assert.equal(new TextDecoder().decode(await client.block.get(cid)), 'hello world')
  const stat = await client.block.stat(cid)
  assert.equal(stat.cid.toString(), HELLO_RAW)
  assert.equal(stat.size, 11)
  const removed = await all(client.block.rm(cid))
  assert.deepEqual(removed.map(r => [r.cid.toString(), r.error]), [[HELLO_RAW, undefined]])
  await assert.rejects(client.block.get(cid), /not found/)
})

test('dag export: a CAR that @ipld/car reads, re-hashes and unpacks to the original tree', async () => {
  const root = await cliCid('-r', join(work, 'tree'))
  const car = await concat(client.dag.export(root))
  const iterator = await CarBlockIterator.fromBytes(car)
  assert.deepEqual((await iterator.getRoots()).map(String), [root])
  const blocks = await all(iterator)
  assert.deepEqual(await rehashFailures(blocks), [])
  assert.equal(blocks[0].cid.toString(), root)
  assert.deepEqual(await compareDagWithFs(blocks[0].cid, blockstoreOf(blocks), join(work, 'tree')), [])
})

test('dag import: an exported CAR comes back after GC, its root pinned', async () => {
  const { cid } = await client.add({ path: 'gone.bin', content: bytes(400_000, 9) })
  const car = await concat(client.dag.export(cid))
  await client.pin.rm(cid)
  await all(client.repo.gc())
  await assert.rejects(concat(client.cat(cid)), /not found/)
  const imported = await all(client.dag.import([car]))
  assert.deepEqual(imported.map(r => [r.root.cid.toString(), r.root.pinErrorMsg]), [[cid.toString(), '']])
  assert.deepEqual(await concat(client.cat(cid)), Buffer.from(bytes(400_000, 9)))
  assert.ok((await all(client.pin.ls({ paths: [cid] }))).length === 1)
})

test('id, version and repo stat describe this node', async () => {
  const config = JSON.parse(await readFile(join(daemon.path, 'config'), 'utf8'))
  const id = await client.id()
  assert.equal(id.id.toString(), config.Identity.PeerID)
  const key = Buffer.from(id.publicKey, 'base64')
  assert.deepEqual([...key.subarray(0, 4)], [0x08, 0x01, 0x12, 0x20]) // libp2p Ed25519 public key
  assert.equal(id.agentVersion, 'cairn/0.1.0')
  assert.deepEqual(id.addresses, [])

  const version = await client.version()
  assert.equal(version.version, '0.1.0')
  assert.equal(version.repo, '2')
  assert.match(version.system, /^[a-z0-9]+\/[a-z]+$/)

  const stat = await client.repo.stat()
  assert.ok(stat.numObjects > 0n)
  assert.ok(stat.repoSize > 0n)
  assert.equal(stat.storageMax, 10_000_000_000n) // "10GB" in the config, read as Kubo reads it
  assert.equal(stat.repoPath, daemon.path)
  assert.equal(stat.version, 'cairn-repo@2')

  assert.equal(await client.config.get('Addresses.API'), config.Addresses.API)
  assert.equal((await client.config.getAll()).Identity.PrivKey, undefined)
  assert.deepEqual(await client.swarm.peers(), [])
  const { cid } = await client.add(new TextEncoder().encode('provided'))
  const events = await all(client.routing.findProvs(cid))
  assert.equal(events.length, 1)
  assert.equal(events[0].name, 'PROVIDER')
  assert.equal(events[0].providers[0].id.toString(), config.Identity.PeerID)
})
