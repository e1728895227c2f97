// IPNS between Cairn and the JS reference package `ipns` (npm): records Cairn signs validate in
// JS, records JS signs are accepted by Cairn (routing v1 PUT) and resolved by its gateway; the
// gateway's /ipns/ paths, record responses and errors; the RPC commands via kubo-rpc-client.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { createIPNSRecord, marshalIPNSRecord, multihashToIPNSRoutingKey, unmarshalIPNSRecord } from 'ipns'
import { ipnsValidator } from 'ipns/validator'
import { create } from 'kubo-rpc-client'
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import { cairn, cairnRaw } from '../lib/cairn.mjs'
import { startDaemon } from '../lib/daemon.mjs'
import { ipnsVectors } from '../lib/ipns-vectors.mjs'
import { publishMirror } from '../lib/mirror.mjs'

let daemon
let work
let site // { cid, name } of a small published tree

before(async () => {
  daemon = await startDaemon()
  work = await mkdtemp(join(tmpdir(), 'cairn-ipns-'))
  const dir = join(work, 'site')
  await mkdir(join(dir, 'docs'), { recursive: true })
  await writeFile(join(dir, 'hello.txt'), 'hello from ipns\n')
  await writeFile(join(dir, 'docs', 'a.txt'), 'a\n')
  await writeFile(join(dir, 'docs', 'b b.txt'), 'b\n')
  site = await publishMirror(daemon.env, dir, 'site')
})

after(async () => {
  await daemon?.stop()
  if (work != null) await rm(work, { recursive: true, force: true })
})

function routingKey (name) {
  return multihashToIPNSRoutingKey(CID.parse(name, base36).multihash)
}

test('the checked-in JS vectors are what the ipns package makes today', async () => {
  const file = JSON.parse(await readFile(new URL('../../codec/src/test/resources/ipns/js-ipns.json', import.meta.url)))
  assert.deepEqual(file, await ipnsVectors())
})

test('a record Cairn signed validates with the JS ipns package', async () => {
  const res = await fetch(`${daemon.gateway}/ipns/${site.name}?format=ipns-record`)
  assert.equal(res.status, 200)
  assert.equal(res.headers.get('content-type'), 'application/vnd.ipfs.ipns-record')
  const bytes = new Uint8Array(await res.arrayBuffer())
  await ipnsValidator(routingKey(site.name), bytes) // throws if invalid
  const record = unmarshalIPNSRecord(bytes)
  assert.equal(record.value, `/ipfs/${site.cid}`)
  assert.ok('signatureV1' in record, 'V1+V2 record, as Kubo writes')
  assert.equal(record.ttl, 3600n * 10n ** 9n)
  // the same bytes through Accept and through routing v1
  const viaAccept = await fetch(`${daemon.gateway}/ipns/${site.name}`, { headers: { Accept: 'application/vnd.ipfs.ipns-record' } })
  assert.deepEqual(new Uint8Array(await viaAccept.arrayBuffer()), bytes)
  const viaRouting = await fetch(`${daemon.gateway}/routing/v1/ipns/${site.name}`)
  assert.equal(viaRouting.status, 200)
  assert.deepEqual(new Uint8Array(await viaRouting.arrayBuffer()), bytes)
})

test('publishing again raises the sequence and the JS validator still accepts the record', async () => {
  const before = unmarshalIPNSRecord(new Uint8Array(await (await fetch(`${daemon.gateway}/routing/v1/ipns/${site.name}`)).arrayBuffer()))
  await cairn(['name', 'publish', '--key', 'site', '--lifetime', '2h', '--ttl', '90s', `/ipfs/${site.cid}/docs`], { env: daemon.env })
  const bytes = new Uint8Array(await (await fetch(`${daemon.gateway}/routing/v1/ipns/${site.name}`)).arrayBuffer())
  await ipnsValidator(routingKey(site.name), bytes)
  const rec = unmarshalIPNSRecord(bytes)
  assert.equal(rec.sequence, before.sequence + 1n)
  assert.equal(rec.ttl, 90n * 10n ** 9n)
  const eol = Date.parse(rec.validity)
  assert.ok(eol > Date.now() + 3600_000 && eol <= Date.now() + 7200_000, rec.validity)
  const file = await fetch(`${daemon.gateway}/ipns/${site.name}/a.txt`)
  assert.equal(await file.text(), 'a\n')
  assert.equal(file.headers.get('cache-control'), 'public, max-age=90')
  await cairn(['name', 'publish', '--key', 'site', `/ipfs/${site.cid}`], { env: daemon.env }) // restore
})

test('a record the JS ipns package signed is accepted by PUT and served by the gateway', async () => {
  const key = await generateKeyPair('Ed25519')
  const name = CID.createV1(0x72, key.publicKey.toMultihash()).toString(base36)
  const record = await createIPNSRecord(key, `/ipfs/${site.cid}/docs`, 5n, 60_000)
  const bytes = marshalIPNSRecord(record)
  const put = await fetch(`${daemon.gateway}/routing/v1/ipns/${name}`, {
    method: 'PUT', body: bytes, headers: { 'Content-Type': 'application/vnd.ipfs.ipns-record' }
  })
  assert.equal(put.status, 200, await put.text())
  const file = await fetch(`${daemon.gateway}/ipns/${name}/b%20b.txt`)
  assert.equal(file.status, 200)
  assert.equal(await file.text(), 'b\n')
  assert.equal((await cairn(['name', 'resolve', name], { env: daemon.env })).trim(), `/ipfs/${site.cid}/docs`)
  // an older sequence does not replace it; a tampered one is refused with the reason
  const older = marshalIPNSRecord(await createIPNSRecord(key, `/ipfs/${site.cid}`, 4n, 60_000))
  assert.equal((await fetch(`${daemon.gateway}/routing/v1/ipns/${name}`, { method: 'PUT', body: older })).status, 200)
  assert.equal((await cairn(['name', 'resolve', name], { env: daemon.env })).trim(), `/ipfs/${site.cid}/docs`)
  const tampered = marshalIPNSRecord(await createIPNSRecord(key, `/ipfs/${site.cid}`, 6n, 60_000))
  tampered[tampered.length - 1] ^= 1 // inside the signed data
  const refused = await fetch(`${daemon.gateway}/routing/v1/ipns/${name}`, { method: 'PUT', body: tampered })
  assert.equal(refused.status, 400)
  assert.match(await refused.text(), /record refused/)
  // a record for another key's name is refused
  const other = await generateKeyPair('Ed25519')
  const otherName = CID.createV1(0x72, other.publicKey.toMultihash()).toString(base36)
  const wrong = await fetch(`${daemon.gateway}/routing/v1/ipns/${otherName}`, { method: 'PUT', body: bytes })
  assert.equal(wrong.status, 400)
  assert.match(await wrong.text(), /signatureV2/)
})

/** fetch, and when the connection itself fails, an error that names the URL and undici's cause. */
async function get (url, opts) {
  try {
    return await fetch(url, opts)
  } catch (e) {
    throw new Error(`GET ${url}: ${e.message} (${e.cause?.code ?? ''} ${e.cause?.message ?? e.cause ?? ''})`, { cause: e })
  }
}

test('the path gateway serves /ipns/ like /ipfs/: files, redirects, listings with relative links', async () => {
  const file = await get(`${daemon.gateway}/ipns/${site.name}/hello.txt`)
  assert.equal(file.status, 200)
  assert.equal(await file.text(), 'hello from ipns\n')
  assert.equal(file.headers.get('x-ipfs-path'), `/ipns/${site.name}/hello.txt`)
  assert.equal(file.headers.get('cache-control'), 'public, max-age=3600')
  const redirect = await get(`${daemon.gateway}/ipns/${site.name}/docs`, { redirect: 'manual' })
  assert.equal(redirect.status, 301)
  assert.equal(redirect.headers.get('location'), `/ipns/${site.name}/docs/`)
  await redirect.arrayBuffer() // read to the end, so its connection goes back to the pool
  const listing = await get(`${daemon.gateway}/ipns/${site.name}/docs/`)
  assert.equal(listing.status, 200)
  const html = await listing.text()
  assert.match(html, new RegExp(`Index of /ipns/${site.name}/docs/`))
  assert.match(html, /href="\.\/b%20b\.txt"/)
  assert.match(html, /href="\.\.\/"/)
  const root = await (await get(`${daemon.gateway}/ipns/${site.name}/`)).text()
  assert.doesNotMatch(root, /href="\.\.\/"/)
  // a CAR of the resolved content, for trustless clients
  const car = await get(`${daemon.gateway}/ipns/${site.name}/hello.txt?format=car`)
  assert.equal(car.status, 200)
  assert.match(car.headers.get('x-ipfs-roots'), new RegExp(site.cid))
})

test('unknown names, content CIDs and DNSLink names under /ipns/ are refused with a reason', async () => {
  const key = await generateKeyPair('Ed25519')
  const unknown = CID.createV1(0x72, key.publicKey.toMultihash()).toString(base36)
  const res = await fetch(`${daemon.gateway}/ipns/${unknown}/x`)
  assert.equal(res.status, 404)
  assert.match(await res.text(), /no IPNS record/)
  assert.equal((await fetch(`${daemon.gateway}/ipns/${unknown}?format=ipns-record`)).status, 404)
  assert.equal((await fetch(`${daemon.gateway}/routing/v1/ipns/${unknown}`)).status, 404)
  const cidRes = await fetch(`${daemon.gateway}/ipns/${site.cid}`)
  assert.equal(cidRes.status, 400)
  assert.match(await cidRes.text(), /\/ipfs\//)
  assert.equal((await fetch(`${daemon.gateway}/ipns/example.com/`)).status, 400)
  const r = await cairnRaw(['name', 'resolve', unknown], { env: daemon.env })
  assert.equal(r.code, 1)
  assert.match(r.stderr, /no IPNS record .* publish one/)
})

test('kubo-rpc-client: key gen and list, name publish and resolve', async () => {
  const client = create({ url: `${daemon.api}/api/v0` })
  const made = await client.key.gen('rpc-key')
  assert.equal(made.name, 'rpc-key')
  assert.match(made.id.toString(), /^k51/)
  const keys = await client.key.list()
  assert.deepEqual(keys.map(k => k.name).slice(0, 1), ['self'])
  assert.ok(keys.some(k => k.name === 'rpc-key' && k.id.toString() === made.id.toString()))
  const published = await client.name.publish(`/ipfs/${site.cid}`, { key: 'rpc-key', lifetime: '1h' })
  assert.equal(published.name, made.id.toString())
  assert.equal(published.value, `/ipfs/${site.cid}`)
  const resolved = []
  for await (const p of client.name.resolve(`/ipns/${made.id}/hello.txt`)) resolved.push(p)
  assert.deepEqual(resolved, [`/ipfs/${site.cid}/hello.txt`])
  await assert.rejects(client.key.gen('rpc-key'), /already exists/)
})
