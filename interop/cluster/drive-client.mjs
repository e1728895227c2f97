// Drives a Cairn cluster peer's REST API with the IPFS Cluster JS client (@nftstorage/ipfs-cluster)
// and checks what it gets back. Run by cluster/src/test/.../JsClientTest (the Java side starts a
// real three-peer cluster and its API): node drive-client.mjs BASE_URL SECRET CID
import assert from 'node:assert/strict'
import { Cluster } from '@nftstorage/ipfs-cluster'

const [base, secret, cid] = process.argv.slice(2)
const cluster = new Cluster(base, { headers: { Authorization: `Bearer ${secret}` } })

const version = await cluster.version()
assert.match(version, /cairn/)

const info = await cluster.info()
assert.equal(info.clusterPeers.length, 3)
assert.ok(info.clusterPeers.includes(info.id))

const pinned = await cluster.pin(cid, {
  replicationFactorMin: 2,
  replicationFactorMax: 2,
  name: 'from-js',
  metadata: { owner: 'ann' },
  expireAt: new Date('2030-01-01T00:00:00Z')
})
assert.equal(pinned.cid, cid)
assert.equal(pinned.allocations.length, 2)
assert.equal(pinned.name, 'from-js')
assert.deepEqual(pinned.metadata, { owner: 'ann' })
assert.equal(pinned.expireAt.toISOString(), '2030-01-01T00:00:00.000Z')

const status = await cluster.status(cid)
assert.equal(status.cid, cid)
assert.equal(status.name, 'from-js')
const states = Object.values(status.peerMap).map((p) => p.status).sort()
assert.deepEqual(states, ['pin_queued', 'pin_queued', 'remote'])
for (const p of Object.values(status.peerMap)) assert.ok(p.timestamp instanceof Date && !isNaN(p.timestamp))

const all = await cluster.statusAll()
assert.deepEqual(all.map((s) => s.cid), [cid])
assert.equal((await cluster.statusAll({ filter: 'pinned' })).length, 0)

const allocation = await cluster.allocation(cid)
assert.deepEqual(allocation.allocations, pinned.allocations)

const removed = await cluster.unpin(cid)
assert.equal(removed.cid, cid)
const after = await cluster.status(cid)
assert.deepEqual([...new Set(Object.values(after.peerMap).map((p) => p.status))], ['unpinned'])

assert.deepEqual(await cluster.metricNames(), ['freespace', 'ping'])

await assert.rejects(new Cluster(base).version(), /401/)
console.log(JSON.stringify({ ok: true, version, allocations: pinned.allocations }))
