// Three `cairn daemon` processes on loopback form a cluster (`cairn cluster init` on one,
// `cairn cluster join` on the others, which join when their daemon starts). A file added on
// the first peer only is pinned with replication 2: it ends up pinned in exactly 2 of the 3
// nodes (a peer that did not have it fetched it from the other's gateway). One holder is
// killed (SIGKILL): within twice the liveness TTL its pin is pinned on the two live peers.
// It restarts: the surplus is released (its node's cluster pin is removed).
import assert from 'node:assert/strict'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { cleanUp, freePort, until } from '../lib/cluster-util.mjs'
import { cairn, cairnRaw } from '../lib/cairn.mjs'
import { startDaemon } from '../lib/daemon.mjs'

const LIVENESS_SECONDS = 2 // reports every 2 s, valid 4 s (the TTL)
const TTL_MS = 2 * LIVENESS_SECONDS * 1000
const dirs = []
const daemons = []

after(() => cleanUp(daemons, dirs))

async function repo () {
  const path = await mkdtemp(join(tmpdir(), 'cairn-cluster-'))
  dirs.push(path)
  const env = { ...process.env, CAIRN_PATH: path }
  await cairn(['init'], { env })
  return { path, env }
}

async function start (r, restart = false) {
  const d = await startDaemon({ path: r.path, config: { 'Cluster.LivenessSeconds': LIVENESS_SECONDS }, restart })
  daemons.push(d)
  return d
}

/** This peer's view of CID through its REST API: peer id → status. */
async function statuses (api, secret, cid) {
  const res = await fetch(`http://${api}/pins/${cid}`, { headers: { authorization: `Bearer ${secret}` } })
  assert.equal(res.status, 200)
  const body = await res.json()
  return Object.fromEntries(Object.entries(body.peer_map).map(([id, p]) => [id, p.status]))
}

/** Whether the node behind daemon `d` has CID pinned with the cluster's name prefix (its RPC API). */
async function clusterPinned (d, cid) {
  const res = await fetch(`${d.api}/api/v0/pin/ls?arg=${cid}&type=recursive&names=true`, { method: 'POST' })
  if (res.status !== 200) return false
  const body = await res.json()
  return body.Keys?.[cid]?.Name?.startsWith('cluster:') === true
}

test('replication 2 of 3 daemons; a killed holder is replaced within 2×TTL; surplus released on return', { timeout: 120_000 }, async () => {
  // independent steps run side by side: each CLI call and daemon start is a JVM start
  const [a, b, c] = await Promise.all([repo(), repo(), repo()])
  const ports = {}
  for (const name of ['a', 'b', 'c']) ports[name] = { raft: await freePort(), api: await freePort() }
  const init = JSON.parse(await cairn(['cluster', 'init', '--name', 'interop', '--raft-port', String(ports.a.raft),
    '--api-port', String(ports.a.api), '--json'], { env: a.env }))
  const secret = init.secret
  const file = join(a.path, 'data.bin')
  await writeFile(file, Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251)))
  const cid = (await cairn(['add', '-Q', '--pin=false', '--chunker=size-65536', file], { env: a.env })).trim()
  const da = await start(a)
  const apiA = `127.0.0.1:${ports.a.api}`
  // both join through a at once (it adds them one after the other)
  const [db, dc] = await Promise.all([[b, 'b'], [c, 'c']].map(async ([r, name]) => {
    await cairn(['cluster', 'join', apiA, '--secret', secret, '--raft-port', String(ports[name].raft),
      '--api-port', String(ports[name].api)], { env: r.env })
    return start(r)
  }))
  const byName = { a: da, b: db, c: dc }
  const peers = await until('3 peers', 30_000, async () => {
    const ls = (await cairn(['cluster', 'peers', 'ls', '--json'], { env: a.env })).trim().split('\n').map(l => JSON.parse(l))
    return ls.length === 3 ? ls : null
  })
  const ids = peers.map(p => p.id)
  // each peer reports itself at start; until two have reached the leader a pin is refused: wait
  // for the reports on a (the leader) through REST, then pin with the CLI (one JVM start, not one
  // per attempt)
  await until('two peers\' reports on a', 15_000, async () => {
    const res = await fetch(`http://${apiA}/monitor/metrics/freespace`, { headers: { authorization: `Bearer ${secret}` } })
    return res.status === 200 && (await res.json()).length >= 2
  })
  const pin = await until('a pin with replication 2 accepted', 15_000, async () => {
    const r = await cairnRaw(['cluster', 'pin', 'add', cid, '--replication', '2', '--json'], { env: a.env })
    return r.code === 0 ? JSON.parse(r.stdout) : null
  })
  assert.equal(pin.allocations.length, 2)
  await until('pinned on both allocated peers', 30_000, async () => {
    const s = await statuses(apiA, secret, cid)
    return pin.allocations.every(id => s[id] === 'pinned')
  })
  const holders = []
  for (const [name, d] of Object.entries(byName)) {
    if (await clusterPinned(d, cid)) holders.push(name)
  }
  assert.equal(holders.length, 2, `pinned in exactly 2 nodes: ${holders}`)
  const pinnedAt = new Date().toISOString()

  // the dump: one IPFS Cluster Pin per line; importing it again changes nothing
  const dump = join(a.path, 'state.jsonl')
  await cairn(['cluster', 'state', 'export', dump], { env: a.env })
  const lines = (await readFile(dump, 'utf8')).trim().split('\n').map(l => JSON.parse(l))
  assert.deepEqual(lines.map(p => [p.cid, p.replication_factor_min, p.allocations]), [[cid, 2, pin.allocations]])
  assert.match(await cairn(['cluster', 'state', 'import', dump], { env: a.env }), /imported 1 pins/)

  // kill a holder other than the first peer (the only one that had the file): the others must fetch
  const victim = holders.find(n => n !== 'a') ?? holders[0]
  const t0 = Date.now()
  await byName[victim].stop('SIGKILL', { keep: true })
  const live = ['a', 'b', 'c'].filter(n => n !== victim)
  const api = `127.0.0.1:${ports[live[0]].api}`
  await until('replication-min on the live peers', 2 * TTL_MS + 6_000, async () => {
    const s = await statuses(api, secret, cid)
    return Object.values(s).filter(v => v === 'pinned').length >= 2
  })
  const repairMs = Date.now() - t0
  for (const n of live) assert.ok(await clusterPinned(byName[n], cid), `pinned in ${n}'s node after the repair`)
  console.log(`# repair after SIGKILL: ${repairMs} ms (TTL ${TTL_MS} ms)`)
  assert.ok(repairMs <= 2 * TTL_MS + 6_000, `repaired in ${repairMs} ms`)

  // it returns: its pin was re-allocated away, so its tracker releases it
  const back = await start(victim === 'a' ? a : victim === 'b' ? b : c, true)
  await until('surplus released on the restarted peer', 30_000, async () => !(await clusterPinned(back, cid)))
  const [alloc, history, then, members] = (await Promise.all([['cluster', 'allocations', cid, '--json'],
    ['cluster', 'history', cid, '--json'], ['cluster', 'status', '--at', pinnedAt, '--json'],
    ['cluster', 'history', '--peers', '--json']].map(args => cairn(args, { env: a.env })))).map(out => JSON.parse(out))
  assert.equal(alloc.allocations.length, 2)
  assert.ok(alloc.allocations.every(id => ids.includes(id)))

  // the audit: pinned on the first two, re-allocated after the kill; who held it before the kill
  assert.deepEqual(history.map(e => e.event), ['pinned', 'reallocated'])
  assert.deepEqual(history[0].allocations, pin.allocations)
  assert.deepEqual(history[1].allocations, alloc.allocations)
  assert.deepEqual(then[cid], pin.allocations)
  // and the membership: a started the cluster and recorded itself, b and c joined it
  assert.deepEqual(members.map(e => e.event), ['peer-added', 'peer-added', 'peer-added'])
  assert.deepEqual(members.map(e => e.peer).sort(), [...ids].sort())
  assert.ok(members.every(e => /^127\.0\.0\.1:\d+$/.test(e.raft_address)))
  assert.ok(members.every((e, i) => i === 0 || Date.parse(members[i - 1].time) <= Date.parse(e.time)))
})
