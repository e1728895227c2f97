// Computes UnixFS root CIDs with the JS reference importer (ipfs-unixfs-importer),
// configured from the same `ipfs add`-style flags that Cairn (and Kubo) take.
//
// The flag → option mapping lives in one place (parseAddFlags + importerOptions) so the
// vector check, the CID comparison test and bin/js-add.mjs all use the same one.
import { createReadStream } from 'node:fs'
import { lstat, readdir, readFile, readlink } from 'node:fs/promises'
import { join } from 'node:path'
import { BlackHoleBlockstore } from 'blockstore-core/black-hole'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced, trickle } from 'ipfs-unixfs-importer/layout'
import { installExplicitModeShim, metadataFileBuilder, setKeepDefaultModes } from './kubo-compat.mjs'

// Changes nothing unless a node has an explicit mode during a --preserve-mode import, or an
// mtime of 2^31 seconds or more (see kubo-compat.mjs).
installExplicitModeShim()

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
  if (out.preserveMode || out.preserveMtime) {
    // Kubo (core/commands/add.go): storing mode/mtime needs a dag-pb root, so raw leaves are
    // switched off; asking for both is an error.
    if (out.rawLeaves === true) throw new Error('--raw-leaves cannot be combined with --preserve-mode/--preserve-mtime')
    out.rawLeaves = false
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
 * - --preserve-mode/--preserve-mtime: rawLeaves false (Kubo turns raw leaves off), mode/mtime
 *   passed on every candidate (mode not on symlinks: Kubo stores only their mtime), plus the
 *   adjustments in kubo-compat.mjs (default modes stored; metadata on a file's root node
 *   only; mtime seconds in [2^31, 2^32) encoded correctly).
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
  const options = {
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
    fileImportConcurrency: 50,
    blockWriteConcurrency: 8
  }
  if (parsed.preserveMode || parsed.preserveMtime) {
    options.fileBuilder = metadataFileBuilder(options)
  }
  setKeepDefaultModes(parsed.preserveMode)
  return options
}

/** Kubo's UnixTime: seconds + nanoseconds, nanoseconds dropped when 0. */
export function mtimeOf (st) {
  const ns = st.mtimeNs
  // floor division, so a pre-1970 time keeps 0 <= nsecs < 1e9 (Go's time.Unix()/Nanosecond())
  let secs = ns / 1_000_000_000n
  if (ns < 0n && secs * 1_000_000_000n !== ns) secs -= 1n
  const nsecs = Number(ns - secs * 1_000_000_000n)
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
  if (parsed.preserveMode && !st.isSymbolicLink()) meta.mode = Number(st.mode & 0o7777n)
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
    // small files in one read (much faster for directories of thousands of files)
    const content = st.size <= 4n << 20n ? await readFile(path) : createReadStream(path, { highWaterMark: 1 << 20 })
    yield { path: name, content, ...meta }
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

/** Map path → CID string of every result (last one wins: a directory is yielded last). */
function byPath (results) {
  const map = new Map()
  for (const r of results) if (r.path != null) map.set(r.path, r.cid.toString())
  return map
}

/**
 * Imports one filesystem entry (file, directory tree or symlink) under `name`, as
 * `ipfs add -n -r <flags> name` would. Returns { root, byPath } where root is the
 * ImportResult of the entry and byPath maps every yielded path ("name", "name/sub/file")
 * to its CID string (paths below a HAMT directory are not reliable there; use for
 * diagnostics only).
 */
export async function importPath (path, name, flags) {
  const parsed = Array.isArray(flags) ? parseAddFlags(flags) : flags
  const options = importerOptions({ ...parsed, wrap: false })
  const results = await importAll(candidates(path, name, parsed), options)
  const top = results.filter(r => r.path === name)
  if (top.length !== 1) throw new Error(`expected one result for ${name}, got ${top.length}`)
  return { root: top[0], byPath: byPath(results) }
}

/** Root CID of one filesystem entry (see importPath). */
export async function rootCidOfPath (path, name, flags) {
  return (await importPath(path, name, flags)).root.cid
}

/**
 * `ipfs add -w -r` over several top-level entries [{ path, name }]: returns { root, byPath }
 * with root = the wrapper directory (path '').
 */
export async function importWrapped (entries, flags) {
  const parsed = Array.isArray(flags) ? parseAddFlags(flags) : flags
  const options = importerOptions({ ...parsed, wrap: true })
  async function * all () {
    for (const { path, name } of entries) yield * candidates(path, name, parsed)
  }
  const results = await importAll(all(), options)
  const root = results[results.length - 1]
  if (root.path !== '') throw new Error(`wrapper not last (got path ${root.path})`)
  return { root, byPath: byPath(results) }
}
