// A trustless gateway that is not Cairn: built only on the JS reference packages
// (ipfs-unixfs-importer into blockstore-core's MemoryBlockstore, @ipld/car, @ipld/dag-pb,
// multiformats) and node:http, for interop tests of Cairn's transfer engine (Cairn fetching
// from it) and, misbehaving on request, for its failure cases.
//
// Serves ipfs/specs trustless-gateway.md (../shared/SPECS.md §4):
//   GET/HEAD /ipfs/{cid}[/{path}]  ?format=raw | Accept: application/vnd.ipld.raw  → the block
//                                  ?format=car | Accept: application/vnd.ipld.car   → a CARv1,
//     order=dfs, dag-scope=all|entity|block (default all), dups=n|y (default n; Accept param
//     `dups` or query `car-dups`), entity-bytes=from:to; paths through plain directories.
//   Status: 400 bad CID or parameter, 404 root block absent, 406 unsupported format/version,
//   405 other methods, 501 a path through a HAMT directory. A child block missing mid-stream
//   ends the CAR early. `/ipfs/bafkqaaa` (identity) answers 200 empty.
//   GET /routing/v1/providers/{cid} → this gateway as a `transport-ipfs-gateway-http` peer
//   when it holds the block, else 404.
//
// Misbehaviour (set at creation or with setMisbehaviour, for the failure tests):
//   corrupt:    CIDs (strings or CIDs) whose bytes are served with one byte flipped (raw and CAR)
//   stallAfter: every response body stops after this many bytes and the connection stays
//               open, silent (until the client gives up or the gateway is closed)
//   dieAfter:   after this many body bytes in all, the gateway dies: every connection is cut
//               and the listening socket closed (connections are refused afterwards)
import { generateKeyPairSync } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import http from 'node:http'
import { basename, resolve } from 'node:path'
import * as dagPb from '@ipld/dag-pb'
import { CarWriter } from '@ipld/car/writer'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { UnixFS } from 'ipfs-unixfs'
import { varint } from 'multiformats'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { identity } from 'multiformats/hashes/identity'
import { candidates, parseAddFlags } from './js-unixfs.mjs'

export const RAW_TYPE = 'application/vnd.ipld.raw'
export const CAR_TYPE = 'application/vnd.ipld.car'
const IMMUTABLE = 'public, max-age=29030400, immutable'

/**
 * Kubo's `add --cid-version=1` settings (CIDv1, raw leaves, 256 KiB chunks, 174 links a node,
 * HAMT above 256 KiB of links): the same CIDs `cairn add --cid-version=1` makes.
 */
export function defaultImporterOptions (overrides = {}) {
  return {
    cidVersion: 1,
    rawLeaves: true,
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: overrides.chunkSize ?? 262144 }),
    layout: balanced({ maxChildrenPerNode: overrides.maxLinks ?? 174 }),
    shardSplitThresholdBytes: overrides.hamtThreshold ?? 262144,
    shardSplitStrategy: 'links-bytes',
    shardFanoutBits: 8,
    fieldOrder: 'links-first'
  }
}

/** A fresh Ed25519 libp2p peer ID (`12D3KooW…`): identity multihash of the protobuf public key. */
export function newPeerId () {
  const { publicKey } = generateKeyPairSync('ed25519')
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url')
  const proto = Uint8Array.from([0x08, 0x01, 0x12, pub.length, ...pub]) // KeyType Ed25519, Data
  return base58btc.baseEncode(identity.digest(proto).bytes)
}

const keyOf = (cid) => cid.toV1().toString()

/** The body bytes of `cid` held in `store` (identity CIDs carry their own), or null. */
async function blockBytes (store, cid) {
  if (cid.multihash.code === identity.code) return cid.multihash.digest
  if (!(await store.has(cid))) return null
  const parts = []
  for await (const p of store.get(cid)) parts.push(p)
  return parts.length === 1 ? parts[0] : Buffer.concat(parts)
}

function linksOf (cid, bytes) {
  if (cid.code === dagPb.code) return dagPb.decode(bytes).Links
  return [] // raw (and anything else the importer does not make)
}

function unixfsOf (cid, bytes) {
  if (cid.code !== dagPb.code) return null
  const node = dagPb.decode(bytes)
  return node.Data == null ? null : UnixFS.unmarshal(node.Data)
}

/** Parses entity-bytes `from:to` (to may be `*`, either may be negative); null when malformed. */
function parseEntityBytes (value) {
  const m = /^(-?\d+):(-?\d+|\*)$/.exec(value)
  if (m == null) return null
  return { from: Number(m[1]), to: m[2] === '*' ? null : Number(m[2]) }
}

/** What a request asks for: { format: 'raw'|'car'|null, dups, bad } from ?format and Accept. */
function negotiate (url, accept) {
  const format = url.searchParams.get('format')
  const carDups = url.searchParams.get('car-dups')
  const carVersion = url.searchParams.get('car-version')
  const carOrder = url.searchParams.get('car-order')
  if (format != null) {
    if (format === 'raw') return { format: 'raw' }
    if (format === 'car') {
      if (carVersion != null && carVersion !== '1') return { bad: 406 }
      if (carOrder != null && carOrder !== 'dfs' && carOrder !== 'unk') return { bad: 406 }
      if (carDups != null && carDups !== 'y' && carDups !== 'n') return { bad: 400 }
      return { format: 'car', dups: carDups === 'y' }
    }
    return { bad: 406 }
  }
  // The first supported media type in the Accept list wins (q-values are not weighed: clients
  // of a trustless gateway name one type).
  for (const item of (accept ?? '').split(',')) {
    const [type, ...rest] = item.split(';').map(s => s.trim())
    const params = Object.fromEntries(rest.map(p => p.split('=').map(s => s.trim().toLowerCase())))
    if (type.toLowerCase() === RAW_TYPE) return { format: 'raw' }
    if (type.toLowerCase() === CAR_TYPE) {
      if (params.version != null && params.version !== '1') continue
      if (params.order != null && params.order !== 'dfs' && params.order !== 'unk') continue
      if (params.dups != null && params.dups !== 'y' && params.dups !== 'n') continue
      return { format: 'car', dups: (params.dups ?? carDups) === 'y' }
    }
  }
  return { format: null }
}

/**
 * @param {object} [opts]
 * @param {string} [opts.host] default 127.0.0.1
 * @param {number} [opts.port] default 0 (a free port)
 * @param {string} [opts.peerId] default a fresh Ed25519 peer ID
 * @param {object} [opts.misbehave] { corrupt: (string|CID)[], stallAfter: number, dieAfter: number }
 */
export async function startJsGateway (opts = {}) {
  const blockstore = new MemoryBlockstore()
  const peerId = opts.peerId ?? newPeerId()
  const host = opts.host ?? '127.0.0.1'
  const sockets = new Set()
  let misbehave = {}
  let sentTotal = 0
  let dead = false
  const stats = { requests: 0, bodyBytes: 0, paths: [] }

  function setMisbehaviour (m = {}) {
    misbehave = {
      corrupt: new Set((m.corrupt ?? []).map(c => keyOf(typeof c === 'string' ? CID.parse(c) : c))),
      stallAfter: m.stallAfter ?? null,
      dieAfter: m.dieAfter ?? null
    }
  }
  setMisbehaviour(opts.misbehave)

  /** The bytes to serve for a block: flipped in one byte when it is to be corrupted. */
  function served (cid, bytes) {
    if (!misbehave.corrupt.has(keyOf(cid)) || bytes.length === 0) return bytes
    const copy = Uint8Array.from(bytes)
    copy[copy.length >> 1] ^= 0xff
    return copy
  }

  function die () {
    if (dead) return
    dead = true
    server.close()
    for (const s of sockets) s.destroy()
  }

  /**
   * Writes chunks to res honouring backpressure and the stall/die limits. Resolves when done
   * (or when the response was cut short).
   */
  async function send (res, chunks) {
    let sent = 0
    for await (let chunk of chunks) {
      if (res.destroyed || dead) return
      let stallNow = false
      if (misbehave.stallAfter != null && sent + chunk.length >= misbehave.stallAfter) {
        chunk = chunk.subarray(0, misbehave.stallAfter - sent)
        stallNow = true
      }
      let dieNow = false
      if (misbehave.dieAfter != null && sentTotal + chunk.length >= misbehave.dieAfter) {
        chunk = chunk.subarray(0, Math.max(0, misbehave.dieAfter - sentTotal))
        dieNow = true
      }
      sent += chunk.length
      sentTotal += chunk.length
      stats.bodyBytes += chunk.length
      if (chunk.length > 0 && !res.write(chunk)) {
        await new Promise(resolve => {
          const done = () => { res.off('drain', done); res.off('close', done); resolve() }
          res.on('drain', done)
          res.on('close', done)
        })
      }
      if (dieNow) {
        // let the bytes written so far reach the socket, then cut everything
        await new Promise(resolve => setImmediate(resolve))
        die()
        return
      }
      if (stallNow) return new Promise(() => {}) // silent until the socket is destroyed
    }
    res.end()
  }

  /** A CARv1 header naming `root`. */
  async function carHeader (root) {
    const parts = []
    const { writer, out } = CarWriter.create([root])
    const collecting = (async () => { for await (const b of out) parts.push(b) })()
    await writer.close()
    await collecting
    return Buffer.concat(parts)
  }

  /**
   * CAR sections (no header) of the DAG under `root`, depth-first, as the request scopes
   * them; `seen` is shared across calls of one response (dups=n). Stops at a missing block.
   */
  async function * carSections (root, rootBytes, { scope, dups, range }, seen = new Set()) {
    const section = (cid, bytes) => {
      const body = served(cid, bytes)
      const len = cid.bytes.length + body.length
      const prefix = new Uint8Array(varint.encodingLength(len))
      varint.encodeTo(len, prefix, 0)
      return Buffer.concat([prefix, cid.bytes, body])
    }
    // walk: yields sections; returns false when a block is missing (the stream must end)
    const walk = async function * (cid, bytes, mode, from, to) {
      if (cid.multihash.code === identity.code) return true // never in a CAR
      const k = keyOf(cid)
      if (!dups && seen.has(k)) return true
      if (bytes == null) bytes = await blockBytes(blockstore, cid)
      if (bytes == null) return false
      seen.add(k)
      yield section(cid, bytes)
      if (mode === 'block') return true
      const links = linksOf(cid, bytes)
      if (mode === 'hamt') { // a HAMT's entity: its shard nodes, not the entries
        for (const l of links) {
          if (l.Name?.length === 2 && !(yield * walk(l.Hash, null, 'hamt'))) return false
        }
        return true
      }
      if (mode === 'range') {
        const fs = unixfsOf(cid, bytes)
        let offset = fs?.data?.length ?? 0
        for (let i = 0; i < links.length; i++) {
          const size = Number(fs.blockSizes[i])
          const start = offset
          const end = offset + size - 1
          offset += size
          if (size > 0 && start <= to && end >= from) {
            if (!(yield * walk(links[i].Hash, null, 'range', Math.max(from, start) - start, Math.min(to, end) - start))) return false
          }
        }
        return true
      }
      for (const l of links) if (!(yield * walk(l.Hash, null, 'all'))) return false
      return true
    }

    let mode = scope === 'block' ? 'block' : 'all'
    const fs = unixfsOf(root, rootBytes)
    const kind = fs == null ? 'file' : fs.type === 'raw' ? 'file' : fs.type
    if (scope === 'entity' || range != null) {
      if (kind === 'directory') mode = 'block'
      else if (kind === 'hamt-sharded-directory') mode = 'hamt'
      else if (range != null && kind === 'file') {
        const size = fs == null ? rootBytes.length : Number(fs.fileSize())
        let from = range.from < 0 ? Math.max(0, size + range.from) : range.from
        let to = range.to == null ? size - 1 : range.to < 0 ? size + range.to : range.to
        to = Math.min(to, size - 1)
        if (from > to || from >= size) mode = 'block'
        else { mode = 'range'; return yield * walk(root, rootBytes, mode, from, to) }
      }
    }
    yield * walk(root, rootBytes, mode)
  }

  /** Follows `segments` from `root` through plain directories: { cid, bytes } or a status. */
  async function resolvePath (root, segments) {
    let cid = root
    let bytes = await blockBytes(blockstore, cid)
    for (const name of segments) {
      if (bytes == null) return { status: 404 }
      const fs = unixfsOf(cid, bytes)
      if (fs?.type === 'hamt-sharded-directory') return { status: 501, message: 'paths through HAMT directories are not supported' }
      if (fs?.type !== 'directory') return { status: 404 }
      const link = linksOf(cid, bytes).find(l => l.Name === name)
      if (link == null) return { status: 404 }
      cid = link.Hash
      bytes = await blockBytes(blockstore, cid)
    }
    if (bytes == null) return { status: 404 }
    return { cid, bytes }
  }

  function fail (res, status, message) {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end(`${message}\n`)
  }

  async function handle (req, res) {
    stats.requests++
    stats.paths.push(req.url)
    const url = new URL(req.url, 'http://gateway')
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      return fail(res, 405, 'method not allowed')
    }
    const routing = /^\/routing\/v1\/providers\/([^/]+)$/.exec(url.pathname)
    if (routing != null) {
      let cid
      try { cid = CID.parse(routing[1]) } catch { return fail(res, 400, 'bad CID') }
      if (!(await blockstore.has(cid))) return fail(res, 404, 'no providers')
      const body = JSON.stringify({
        Providers: [{ Schema: 'peer', ID: peerId, Addrs: [gateway.multiaddr], Protocols: ['transport-ipfs-gateway-http'] }]
      })
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
      return res.end(req.method === 'HEAD' ? undefined : body)
    }
    const m = /^\/ipfs\/([^/]+)(\/.*)?$/.exec(url.pathname)
    if (m == null) return fail(res, 404, 'not found')
    let root
    try { root = CID.parse(m[1]) } catch { return fail(res, 400, `invalid CID: ${m[1]}`) }
    const want = negotiate(url, req.headers.accept)
    if (want.bad != null) return fail(res, want.bad, 'unsupported format or parameter')
    if (want.format == null) return fail(res, 406, 'a trustless gateway only: ask for application/vnd.ipld.raw or application/vnd.ipld.car')
    const segments = (m[2] ?? '').split('/').filter(s => s !== '').map(decodeURIComponent)
    const scope = url.searchParams.get('dag-scope') ?? 'all'
    if (!['all', 'entity', 'block'].includes(scope)) return fail(res, 400, `bad dag-scope ${scope}`)
    let range = null
    if (url.searchParams.has('entity-bytes')) {
      range = parseEntityBytes(url.searchParams.get('entity-bytes'))
      if (range == null) return fail(res, 400, 'bad entity-bytes')
    }
    const target = await resolvePath(root, segments)
    if (target.status != null) return fail(res, target.status, target.message ?? 'block not found')
    const common = {
      'Cache-Control': IMMUTABLE,
      'X-Content-Type-Options': 'nosniff',
      'X-Ipfs-Path': url.pathname,
      Vary: 'Accept'
    }
    if (want.format === 'raw') {
      if (segments.length > 0) return fail(res, 400, 'raw blocks are asked for by CID alone')
      const body = served(root, target.bytes)
      res.writeHead(200, {
        ...common,
        'Content-Type': RAW_TYPE,
        'Content-Length': body.length,
        'Content-Disposition': `attachment; filename="${root}.bin"`,
        Etag: `"${root}.raw"`
      })
      if (req.method === 'HEAD') return res.end()
      return send(res, [body])
    }
    const dups = want.dups
    res.writeHead(200, {
      ...common,
      'Content-Type': `${CAR_TYPE}; version=1; order=dfs; dups=${dups ? 'y' : 'n'}`,
      'Content-Disposition': `attachment; filename="${root}.car"`,
      Etag: `"${root}${m[2] ?? ''}.car.${scope}.${dups ? 'y' : 'n'}.${url.searchParams.get('entity-bytes') ?? ''}"`,
      'X-Ipfs-Roots': root.toString()
    })
    if (req.method === 'HEAD') return res.end()
    // the header names the requested CID; the blocks on the path come first, then the
    // terminus' DAG as scoped
    const body = (async function * () {
      yield await carHeader(root)
      const seen = new Set()
      let cid = root
      let bytes = await blockBytes(blockstore, root)
      for (const name of segments) {
        yield * carSections(cid, bytes, { scope: 'block', dups }, seen)
        cid = linksOf(cid, bytes).find(l => l.Name === name).Hash
        bytes = await blockBytes(blockstore, cid)
      }
      yield * carSections(cid, bytes, { scope, dups, range }, seen)
    })()
    return send(res, body)
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(err => {
      if (!res.headersSent) fail(res, 500, err.message)
      else res.destroy(err)
    })
  })
  server.on('connection', s => { sockets.add(s); s.on('close', () => sockets.delete(s)) })
  server.keepAliveTimeout = 30000
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, resolve)
  })
  const port = server.address().port

  /** Imports importer candidates ({ path, content }…); returns the results (root last). */
  async function importEntries (entries, options = {}) {
    const results = []
    for await (const r of importer(entries, blockstore, { ...defaultImporterOptions(options), ...(options.importer ?? {}) })) results.push(r)
    return results
  }

  const gateway = {
    url: `http://${host}:${port}`,
    host,
    port,
    peerId,
    multiaddr: `/ip4/${host}/tcp/${port}/http`,
    blockstore,
    stats,
    setMisbehaviour,
    /** Adds bytes as one file; returns its CID. */
    async addBytes (bytes, options = {}) {
      const results = await importEntries([{ content: bytes }], options)
      return results.at(-1).cid
    },
    /** Adds a file from disk; returns its CID. */
    async addFile (path, options = {}) {
      const results = await importEntries([{ path: basename(path), content: await readFile(path) }], options)
      return results.at(-1).cid
    },
    /** Adds a directory tree from disk as `cairn add -r` walks it; returns the directory's CID. */
    async addTree (dir, options = {}) {
      const name = basename(resolve(dir))
      const results = await importEntries(candidates(dir, name, parseAddFlags(['--cid-version=1'])), options)
      const root = results.find(r => r.path === name)
      return root.cid
    },
    /** Stores one block as is (e.g. a raw block of any bytes); returns its CID. */
    async putRaw (bytes) {
      const { sha256 } = await import('multiformats/hashes/sha2')
      const cid = CID.createV1(raw.code, await sha256.digest(bytes))
      await blockstore.put(cid, bytes)
      return cid
    },
    /** Every block CID of the DAG under `cid` (depth-first, each once). */
    async dagCids (cid) {
      const out = []
      const seen = new Set()
      const walk = async (c) => {
        if (c.multihash.code === identity.code || seen.has(keyOf(c))) return
        seen.add(keyOf(c))
        out.push(c)
        const bytes = await blockBytes(blockstore, c)
        for (const l of linksOf(c, bytes)) await walk(l.Hash)
      }
      await walk(cid)
      return out
    },
    close () {
      die()
      return new Promise(resolve => server.listening ? server.close(() => resolve()) : resolve())
    }
  }
  return gateway
}
