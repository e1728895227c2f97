// Computes UnixFS root CIDs with the JS reference importer (ipfs-unixfs-importer),
// configured from the same `ipfs add`-style flags that Cairn (and Kubo) take.
//
// The flag → option mapping lives in one place (kuboFlagsToImporterOptions) so the
// vector check, the CID comparison test and bin/js-add.mjs all use the same one.
import { createReadStream } from 'node:fs'
import { lstat, readdir, readlink } from 'node:fs/promises'
import { join } from 'node:path'
import { BlackHoleBlockstore } from 'blockstore-core/black-hole'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced, trickle } from 'ipfs-unixfs-importer/layout'

export const KUBO_DEFAULT_CHUNK_SIZE = 262144
export const KUBO_DEFAULT_LINKS_PER_NODE = 174
export const KUBO_TRICKLE_LAYER_REPEAT = 4
export const KUBO_DEFAULT_HAMT_THRESHOLD = 262144

/**
 * Parses `ipfs add`-style flags (the Cairn spelling, which follows Kubo's) into a plain
 * object. Unknown flags throw, so a typo in a profile cannot silently test the default.
 *
 * @param {string[]} flags e.g. ['--cid-version=1', '--raw-leaves=false', '-w']
 */
export function parseAddFlags (flags) {
  const out = {
    cidVersion: 0,
    rawLeaves: undefined,
    trickle: false,
    chunkSize: KUBO_DEFAULT_CHUNK_SIZE,
    maxLinks: KUBO_DEFAULT_LINKS_PER_NODE,
    hamtThreshold: KUBO_DEFAULT_HAMT_THRESHOLD,
    hamtEstimate: 'links-bytes',
    preserveMode: false,
    preserveMtime: false,
    hidden: false,
    inline: false,
    inlineLimit: 32,
    wrap: false
  }
  const bool = (v, name) => {
    if (v === undefined || v === 'true') return true
    if (v === 'false') return false
    throw new Error(`bad boolean for ${name}: ${v}`)
  }
  for (const flag of flags) {
    const m = /^(--?[a-z-]+)(?:=(.*))?$/.exec(flag)
    if (m == null) throw new Error(`cannot parse flag ${flag}`)
    const [, name, value] = m
    switch (name) {
      case '--cid-version': out.cidVersion = Number(value); break
      case '--raw-leaves': out.rawLeaves = bool(value, name); break
      case '--trickle': case '-t': out.trickle = bool(value, name); break
      case '--chunker': {
        const c = /^size-(\d+)$/.exec(value ?? '')
        if (c == null) throw new Error(`only size-N chunkers are mapped, got ${value}`)
        out.chunkSize = Number(c[1])
        break
      }
      case '--max-file-links': out.maxLinks = Number(value); break
      case '--hamt-threshold': out.hamtThreshold = Number(value); break
      case '--hamt-estimate':
        if (value !== 'links-bytes' && value !== 'block-bytes') throw new Error(`bad --hamt-estimate ${value}`)
        out.hamtEstimate = value
        break
      case '--preserve-mode': out.preserveMode = bool(value, name); break
      case '--preserve-mtime': out.preserveMtime = bool(value, name); break
      case '--hidden': case '-H': out.hidden = bool(value, name); break
      case '--inline': out.inline = bool(value, name); break
      case '--inline-limit': out.inlineLimit = Number(value); break
      case '-w': case '--wrap-with-directory': out.wrap = bool(value, name); break
      case '-n': case '--only-hash': case '-r': case '--recursive': case '-Q': case '--quiet': break
      default: throw new Error(`flag not mapped to the JS importer: ${flag}`)
    }
  }
  // Kubo: --cid-version=1 switches raw leaves on unless --raw-leaves was given explicitly.
  if (out.rawLeaves === undefined) out.rawLeaves = out.cidVersion === 1
  return out
}

/**
 * Maps parsed flags to ipfs-unixfs-importer 17.1.1 options reproducing Kubo.
 *
 * - cidVersion → cidVersion (raw leaves are always CIDv1, the importer does that itself)
 * - rawLeaves → rawLeaves
 * - --chunker=size-N → chunker: fixedSize({ chunkSize: N })
 * - --max-file-links=W → layout maxChildrenPerNode W (balanced or trickle)
 * - balanced: reduceSingleLeafToSelf true (a one-chunk file is the leaf itself),
 *   leafType 'file' (dag-pb leaves are UnixFS File nodes)
 * - --trickle: trickle({ maxChildrenPerNode: W, layerRepeat: 4 }), leafType 'raw' (Kubo's
 *   trickle builder makes UnixFS *Raw* leaves when raw leaves are off) and
 *   reduceSingleLeafToSelf false (Kubo's trickle root is always a File node with links)
 * - --hamt-threshold → shardSplitThresholdBytes, --hamt-estimate → shardSplitStrategy
 *   (the importer has both Kubo estimate modes: 'links-bytes' and 'block-bytes')
 * - -w → wrapWithDirectory
 * - fieldOrder 'links-first' (dag-pb canonical order, what Kubo writes)
 *
 * --inline cannot be expressed: the importer always hashes with sha2-256 (utils/persist.js).
 */
export function importerOptions (parsed) {
  if (parsed.inline) {
    throw new Error('ipfs-unixfs-importer cannot make identity-hash (inline) CIDs')
  }
  const layout = parsed.trickle
    ? trickle({ maxChildrenPerNode: parsed.maxLinks, layerRepeat: KUBO_TRICKLE_LAYER_REPEAT })
    : balanced({ maxChildrenPerNode: parsed.maxLinks })
  return {
    cidVersion: parsed.cidVersion,
    rawLeaves: parsed.rawLeaves,
    leafType: parsed.trickle ? 'raw' : 'file',
    reduceSingleLeafToSelf: !parsed.trickle,
    chunker: fixedSize({ chunkSize: parsed.chunkSize }),
    layout,
    shardSplitThresholdBytes: parsed.hamtThreshold,
    shardSplitStrategy: parsed.hamtEstimate,
    shardFanoutBits: 8,
    fieldOrder: 'links-first',
    wrapWithDirectory: parsed.wrap,
    // Concurrency does not change CIDs; keep memory bounded for big files.
    fileImportConcurrency: 16,
    blockWriteConcurrency: 8
  }
}

/** Kubo's UnixTime: seconds + nanoseconds, nanoseconds dropped when 0. */
export function mtimeOf (st) {
  const ns = st.mtimeNs
  const secs = ns / 1_000_000_000n
  const nsecs = Number(ns % 1_000_000_000n)
  return nsecs === 0 ? { secs } : { secs, nsecs }
}

/** Kubo's hidden-file rule: a name starting with '.' (skipped by `add -r` without --hidden). */
export function isHidden (name) {
  return name.startsWith('.')
}

/**
 * Yields importer candidates for `path` (a file, directory or symlink) under `name`,
 * parents before children, the way `ipfs add -r` walks it.
 */
export async function * candidates (path, name, parsed) {
  const st = await lstat(path, { bigint: true })
  const meta = {}
  if (parsed.preserveMode) meta.mode = Number(st.mode & 0o7777n)
  if (parsed.preserveMtime) meta.mtime = mtimeOf(st)
  if (st.isSymbolicLink()) {
    yield { path: name, link: await readlink(path), ...meta }
  } else if (st.isDirectory()) {
    yield { path: name, ...meta }
    const children = (await readdir(path)).sort()
    for (const child of children) {
      if (!parsed.hidden && isHidden(child)) continue
      yield * candidates(join(path, child), `${name}/${child}`, parsed)
    }
  } else if (st.isFile()) {
    yield { path: name, content: createReadStream(path, { highWaterMark: 1 << 20 }), ...meta }
  } else {
    throw new Error(`unsupported file type: ${path}`)
  }
}

/** Runs the importer over a candidate stream and returns every result (root last). */
export async function importAll (source, options) {
  const results = []
  for await (const r of importer(source, new BlackHoleBlockstore(), options)) {
    results.push(r)
  }
  return results
}

/**
 * Root CID of one filesystem entry (file, directory tree or symlink), as `ipfs add -n -r`
 * with `flags` would print it for that top-level argument.
 */
export async function rootCidOfPath (path, name, flags) {
  const parsed = Array.isArray(flags) ? parseAddFlags(flags) : flags
  const options = importerOptions({ ...parsed, wrap: false })
  const results = await importAll(candidates(path, name, parsed), options)
  const top = results.filter(r => r.path === name)
  if (top.length !== 1) throw new Error(`expected one result for ${name}, got ${top.length}`)
  return top[0].cid
}

/** The wrapper directory CID of `ipfs add -w -r` over several top-level entries. */
export async function wrappedCidOfPaths (entries, flags) {
  const parsed = Array.isArray(flags) ? parseAddFlags(flags) : flags
  const options = importerOptions({ ...parsed, wrap: true })
  async function * all () {
    for (const { path, name } of entries) yield * candidates(path, name, parsed)
  }
  const results = await importAll(all(), options)
  const root = results[results.length - 1]
  if (root.path !== '') throw new Error(`wrapper not last (got path ${root.path})`)
  return root.cid
}
