// Three `cairn daemon` processes on loopback form a cluster; every node already holds the
// same 1,000 one-block files, so a pin is a Raft commit and a store write, not a fetch.
// 1,000 pins (replication 2) go to the two followers through IPFS Cluster's REST API, 16 at a
// time; once a third are acknowledged the leader is killed (SIGKILL). Ratis elects a new
// leader, pinning goes on, and every acknowledged pin is in both survivors' state. Then a
// second peer is killed: the one left is a minority and cannot commit — a pin fails within
// bounded time and is not in its state.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { cleanUp, freePort, until } from '../lib/cluster-util.mjs'
import { cairn } from '../lib/cairn.mjs'
import { startDaemon } from '../lib/daemon.mjs'

const PINS = 1000
const CONCURRENCY = 16
const dirs = []
const daemons = []

after(() => cleanUp(daemons, dirs))

test('every acknowledged pin survives the leader\'s SIGKILL; a minority cannot commit', { timeout: 180_000 }, async () => {
  const files = await mkdtemp(join(tmpdir(), 'cairn-failover-files-'))
  dirs.push(files)
  const tree = join(files, 'tree')
  await mkdir(tree)
  for (let i = 0; i < PINS; i++) await writeFile(join(tree, `f${i}`), `file ${i} of the failover test\n`)

  const peers = []
  let cids = null
  for (const name of ['a', 'b', 'c']) {
    const path = await mkdtemp(join(tmpdir(), 'cairn-failover-'))
    dirs.push(path)
    const env = { ...process.env, CAIRN_PATH: path }
    await cairn(['init'], { env })
    const added = (await cairn(['add', '-r', '--json', '--cid-version=1', '--pin=false', tree], { env }))
      .trim().split('\n').map(l => JSON.parse(l)).filter(e => e.Name.startsWith('tree/'))
    const these = added.map(e => e.Hash).sort()
    if (cids) assert.deepEqual(these, cids, 'the same blocks in every node')
    cids = these
    peers.push({ name, path, env, raft: await freePort(), api: await freePort() })
  }
  assert.equal(cids.length, PINS)
  assert.ok(cids.every(c => c.startsWith('bafkrei')), 'one raw block each')

  const [a, b, c] = peers
  const init = JSON.parse(await cairn(['cluster', 'init', '--name', 'failover', '--raft-port', String(a.raft),
    '--api-port', String(a.api), '--json'], { env: a.env }))
  const auth = { authorization: `Bearer ${init.secret}` }
  const start = async p => {
    p.daemon = await startDaemon({ path: p.path, config: { 'Cluster.LivenessSeconds': 2 } })
    daemons.push(p.daemon)
  }
  await start(a)
  for (const p of [b, c]) {
    await cairn(['cluster', 'join', `127.0.0.1:${a.api}`, '--secret', init.secret, '--raft-port', String(p.raft),
      '--api-port', String(p.api)], { env: p.env })
  }
  await Promise.all([start(b), start(c)])
  const rest = (p, path, method = 'GET') => fetch(`http://127.0.0.1:${p.api}${path}`, { method, headers: auth })
  const id = async p => (await rest(p, '/id')).json()

  // every peer a member, and a pin accepted (two peers' liveness has reached the leader)
  await until('3 members', 30_000, async () => (await id(a)).cluster_peers.length === 3)
  const pin = (p, cid) => rest(p, `/pins/${cid}?replication-min=2&replication-max=2`, 'POST')
  await until('a first pin accepted', 20_000, async () => (await pin(a, cids[0])).status === 200)
  const acked = new Set([cids[0]])

  const leaderId = (await id(a)).cluster_leader
  const byId = {}
  for (const p of peers) byId[(await id(p)).id] = p
  const leader = byId[leaderId]
  assert.ok(leader, `the leader ${leaderId} is one of the three`)
  const followers = peers.filter(p => p !== leader)

  // the load: each worker sends its pins to one follower, in turn; a failed request is not acked
  let next = 1
  let killedAt = null
  let failures = 0
  let ackedAfterKill = 0
  const worker = async (w) => {
    while (next < PINS) {
      const cid = cids[next++]
      const res = await pin(followers[w % 2], cid).catch(() => null)
      if (res?.status === 200) {
        acked.add(cid)
        if (killedAt != null) ackedAfterKill++
      } else {
        failures++
      }
      if (killedAt == null && acked.size >= PINS / 3) {
        killedAt = Date.now()
        await leader.daemon.stop('SIGKILL', { keep: true })
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)))
  assert.ok(killedAt != null, 'the leader was killed during the load')
  console.log(`# ${acked.size} of ${PINS} pins acknowledged, ${ackedAfterKill} after the leader's kill, ${failures} failed`)
  assert.ok(ackedAfterKill > 0, 'pinning went on under a new leader')

  // the new leader is a survivor; both survivors' linearizable state holds every acknowledged pin
  const newLeader = await until('a new leader', 20_000, async () => {
    const l = (await id(followers[0])).cluster_leader
    return l && l !== leaderId ? l : null
  })
  assert.ok(followers.some(p => byId[newLeader] === p))
  for (const p of followers) {
    const res = await rest(p, '/allocations')
    assert.equal(res.status, 200)
    const state = new Set((await res.text()).trim().split('\n').map(l => JSON.parse(l).cid))
    const lost = [...acked].filter(cid => !state.has(cid))
    assert.deepEqual(lost, [], `acknowledged pins missing from ${p.name}'s state`)
  }

  // a second peer goes: the one left is a minority (1 of 3) and cannot commit
  const [last, gone] = followers
  await gone.daemon.stop('SIGKILL', { keep: true })
  const extra = CID.create(1, raw.code, await sha256.digest(new TextEncoder().encode('never pinned'))).toString()
  const t0 = Date.now()
  const refused = await pin(last, extra).catch(e => e)
  const tookMs = Date.now() - t0
  assert.notEqual(refused?.status, 200, 'a minority acknowledged a pin')
  console.log(`# the minority's pin failed in ${tookMs} ms (HTTP ${refused?.status ?? refused})`)
  assert.ok(tookMs < 60_000, `the minority's answer took ${tookMs} ms`)
})
