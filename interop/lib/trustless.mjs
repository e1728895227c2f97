// Helpers for the gateway tests (test/gateway.test.mjs): reading and verifying CAR responses
// with @ipld/car, a block-by-block model of a UnixFS DAG that says which blocks a trustless
// gateway must send for a request (dag-scope, entity-bytes, paths, dups), and exporting
// from a blockstore that holds nothing but a response's blocks.
//
// The model works on blocks that were themselves verified against their CIDs, so what it
// computes follows from the root CID alone, not from what Cairn happens to do.
import * as dagPb from '@ipld/dag-pb'
import { CarBlockIterator } from '@ipld/car/iterator'
import { UnixFS } from 'ipfs-unixfs'
import { exporter } from 'ipfs-unixfs-exporter'
import { equals } from 'multiformats/bytes'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { identity } from 'multiformats/hashes/identity'
import { sha256 } from 'multiformats/hashes/sha2'

/** One key per block whatever the CID version (a CIDv0 and its CIDv1 name the same block). */
export const keyOf = (cid) => cid.toV1().toString()

/** Throws unless `bytes` hash to `cid`'s multihash (sha2-256 or identity). */
export async function verifyBlock (cid, bytes) {
  let digest
  if (cid.multihash.code === sha256.code) digest = await sha256.digest(bytes)
  else if (cid.multihash.code === identity.code) digest = identity.digest(bytes)
  else throw new Error(`${cid}: unexpected multihash code 0x${cid.multihash.code.toString(16)}`)
  if (!equals(digest.bytes, cid.multihash.bytes)) throw new Error(`${cid}: block bytes do not hash to the CID`)
}

/**
 * Reads a CAR from an async iterable of bytes (a fetch() body, a file stream) with
 * @ipld/car's CarBlockIterator, verifying every block against its CID as it arrives.
 * A truncated stream or a bad block throws.
 *
 * @returns {Promise<{version: number, roots: CID[], blocks: {cid: CID, bytes: Uint8Array}[]}>}
 */
export async function readCarStream (body) {
  const iterator = await CarBlockIterator.fromIterable(body)
  const roots = await iterator.getRoots()
  const blocks = []
  for await (const block of iterator) {
    await verifyBlock(block.cid, block.bytes)
    blocks.push(block)
  }
  return { version: iterator.version, roots, blocks }
}

/**
 * A blockstore holding only `blocks`: get() of anything else throws "not in the response",
 * so an export from it proves the response carried every block it needed. Identity CIDs
 * carry their bytes and are answered from the CID, as clients do (they are never sent).
 */
export function onlyBlocks (blocks) {
  const map = new Map(blocks.map(b => [keyOf(b.cid), b.bytes]))
  return {
    has: (cid) => map.has(keyOf(cid)),
    * get (cid) {
      if (cid.multihash.code === identity.code) {
        yield cid.multihash.digest
        return
      }
      const bytes = map.get(keyOf(cid))
      if (bytes == null) throw new Error(`block ${cid} is not in the response`)
      yield bytes
    }
  }
}

async function collect (iterable) {
  const parts = []
  for await (const p of iterable) parts.push(p)
  return Buffer.concat(parts)
}

/** The bytes of the UnixFS file at `cid` (optionally a range) read from `store`. */
export async function exportBytes (cid, store, opts = {}) {
  const entry = await exporter(cid, store)
  if (entry.type !== 'file' && entry.type !== 'raw') throw new Error(`${cid} is a ${entry.type}, not a file`)
  return collect(entry.content(opts))
}

/** The names in the UnixFS directory (plain or HAMT) at `cid`, read from `store`. */
export async function exportNames (cid, store) {
  const entry = await exporter(cid, store)
  if (entry.type !== 'directory') throw new Error(`${cid} is a ${entry.type}, not a directory`)
  const names = []
  for await (const child of entry.entries()) names.push(child.name)
  return names.sort()
}

/**
 * A UnixFS DAG held as verified blocks, and what a trustless gateway must send for it.
 * Every list is of block keys (keyOf) in the order a depth-first walk that follows each
 * node's links in their stored order visits them; identity CIDs are left out (they are never
 * in a CAR).
 */
export class DagModel {
  constructor () {
    this.blocks = new Map()
  }

  /** Adds blocks (verifying each). */
  async add (blocks) {
    for (const { cid, bytes } of blocks) {
      await verifyBlock(cid, bytes)
      this.blocks.set(keyOf(cid), { cid, bytes })
    }
  }

  bytes (cid) {
    if (cid.multihash.code === identity.code) return cid.multihash.digest
    const b = this.blocks.get(keyOf(cid))
    if (b == null) throw new Error(`the model has no block ${cid}`)
    return b.bytes
  }

  /** A blockstore over every block of the model. */
  store () {
    return onlyBlocks([...this.blocks.values()])
  }

  /** { links, unixfs } of a dag-pb block; { links: [] } for raw. */
  node (cid) {
    if (cid.code === raw.code) return { links: [], unixfs: null }
    if (cid.code !== dagPb.code) throw new Error(`${cid}: only dag-pb and raw are modelled`)
    const node = dagPb.decode(this.bytes(cid))
    return { links: node.Links, unixfs: node.Data == null ? null : UnixFS.unmarshal(node.Data) }
  }

  /** 'file' (dag-pb file or raw), 'directory', or 'hamt'. */
  kind (cid) {
    const { unixfs } = this.node(cid)
    if (unixfs == null || unixfs.type === 'file' || unixfs.type === 'raw') return 'file'
    if (unixfs.type === 'directory') return 'directory'
    if (unixfs.type === 'hamt-sharded-directory') return 'hamt'
    return unixfs.type
  }

  /** The size in bytes of the UnixFS file at `cid`. */
  fileSize (cid) {
    if (cid.code === raw.code) return this.bytes(cid).length
    return Number(this.node(cid).unixfs.fileSize())
  }

  /** dag-scope=all: the whole DAG under `cid`, each block once (dups=n) or every time it is reached (dups=y). */
  all (cid, { dups = false } = {}) {
    const out = []
    const seen = new Set()
    const walk = (c) => {
      if (c.multihash.code === identity.code) return
      const k = keyOf(c)
      if (!dups && seen.has(k)) return
      seen.add(k)
      out.push(k)
      for (const link of this.node(c).links) walk(link.Hash)
    }
    walk(cid)
    return out
  }

  /** dag-scope=entity: a file's whole DAG; a directory's node; a HAMT's shard nodes (not its entries). */
  entity (cid, opts = {}) {
    const kind = this.kind(cid)
    if (kind === 'file') return this.all(cid, opts)
    if (kind === 'directory') return [keyOf(cid)]
    if (kind === 'hamt') {
      const out = []
      const walk = (c) => {
        out.push(keyOf(c))
        for (const link of this.node(c).links) {
          // a sub-shard's link name is its two-hex-digit bucket alone; entries have a name after it
          if (link.Name.length === 2) walk(link.Hash)
        }
      }
      walk(cid)
      return out
    }
    throw new Error(`${cid}: no entity rule for ${kind}`)
  }

  /** The file's byte range [from, to] (inclusive) as the spec resolves entity-bytes, or null when empty. */
  resolveRange (cid, spec) {
    const size = this.fileSize(cid)
    const [a, b] = spec.split(':')
    let from = Number(a)
    let to = b === '*' ? size - 1 : Number(b)
    if (from < 0) from = Math.max(0, size + from)
    if (b !== '*' && to < 0) to = size + to
    to = Math.min(to, size - 1)
    if (from > to || from >= size) return null
    return { from, to, size }
  }

  /**
   * entity-bytes=from:to on a file: the root and every node whose bytes overlap the range,
   * found from the UnixFS blocksizes. An empty range leaves the root alone (dag-scope=block).
   */
  range (cid, spec) {
    const r = this.resolveRange(cid, spec)
    if (r == null) return [keyOf(cid)]
    const out = []
    const walk = (c, from, to) => { // from..to relative to this node's bytes
      if (c.multihash.code === identity.code) return
      out.push(keyOf(c))
      const { links, unixfs } = this.node(c)
      let offset = unixfs?.data?.length ?? 0
      links.forEach((link, i) => {
        const size = Number(unixfs.blockSizes[i])
        const start = offset
        const end = offset + size - 1
        if (size > 0 && start <= to && end >= from) walk(link.Hash, Math.max(from, start) - start, Math.min(to, end) - start)
        offset += size
      })
    }
    walk(cid, r.from, r.to)
    return out
  }

  /**
   * The blocks needed to resolve `path` (segments under `root`) and the terminus' own block,
   * as the reference exporter (ipfs-unixfs-exporter) loads them: every directory on the way,
   * and in a HAMT only the shard nodes on the name's hash path. Returns { cid, blocks }.
   */
  async resolve (root, path) {
    const loaded = []
    const all = this.store()
    const recording = {
      has: all.has,
      * get (cid) {
        if (cid.multihash.code !== identity.code && !loaded.includes(keyOf(cid))) loaded.push(keyOf(cid))
        yield * all.get(cid)
      }
    }
    const entry = await exporter(`/ipfs/${root}${path === '' ? '' : '/' + path}`, recording)
    return { cid: entry.cid, blocks: loaded }
  }
}

/** Parses a Content-Type value into { type, params } (names lower-cased, quotes removed). */
export function parseContentType (value) {
  if (value == null) return null
  const [type, ...rest] = value.split(';')
  const params = {}
  for (const p of rest) {
    const i = p.indexOf('=')
    if (i < 0) continue
    params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim().replace(/^"(.*)"$/, '$1')
  }
  return { type: type.trim().toLowerCase(), params }
}

/** CID of bytes that are certainly not in any repository (random, raw codec). */
export async function absentCid () {
  const bytes = new Uint8Array(64)
  crypto.getRandomValues(bytes)
  return CID.createV1(raw.code, await sha256.digest(bytes))
}
