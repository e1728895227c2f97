// Reading, checking and unpacking CAR files with the JS reference packages, and comparing
// trees on disk. Used by test/car.test.mjs.
import { createReadStream } from 'node:fs'
import { lstat, open, readdir, readFile, readlink } from 'node:fs/promises'
import { join } from 'node:path'
import { CarBlockIterator } from '@ipld/car/iterator'
import { CarIndexer } from '@ipld/car/indexer'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { exporter } from 'ipfs-unixfs-exporter'
import { equals } from 'multiformats/bytes'
import { identity } from 'multiformats/hashes/identity'
import { sha256 } from 'multiformats/hashes/sha2'
import { isHidden, mtimeOf } from './js-unixfs.mjs'

export const CARV2_PRAGMA = Uint8Array.from([0x0a, 0xa1, 0x67, 0x76, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x02])

/** Reads a CAR (v1 or v2) with @ipld/car: { version, roots, blocks: [{ cid, bytes }] }. */
export async function readCar (path) {
  const iterator = await CarBlockIterator.fromIterable(createReadStream(path))
  const roots = await iterator.getRoots()
  const blocks = []
  for await (const block of iterator) blocks.push(block)
  return { version: iterator.version, roots, blocks }
}

/** Block offsets as @ipld/car's CarIndexer sees them: [{ cid, offset, blockOffset, blockLength }]. */
export async function indexCar (path) {
  const indexer = await CarIndexer.fromIterable(createReadStream(path))
  const out = []
  for await (const entry of indexer) out.push(entry)
  return out
}

/** Re-hashes every block (sha2-256 and identity) and returns a description of each mismatch. */
export async function rehashFailures (blocks) {
  const hashers = { [sha256.code]: sha256, [identity.code]: identity }
  const failures = []
  for (const { cid, bytes } of blocks) {
    const hasher = hashers[cid.multihash.code]
    if (hasher == null) {
      failures.push(`${cid}: unexpected multihash code 0x${cid.multihash.code.toString(16)}`)
      continue
    }
    const digest = await hasher.digest(bytes)
    if (!equals(digest.bytes, cid.multihash.bytes)) failures.push(`${cid}: bytes hash to ${digest.bytes.length}-byte multihash that differs`)
  }
  return failures
}

export function blockstoreOf (blocks) {
  const store = new MemoryBlockstore()
  for (const { cid, bytes } of blocks) store.put(cid, bytes)
  return store
}

/** The CARv2 fixed header: characteristics, dataOffset, dataSize, indexOffset. */
export async function readCarV2Header (path) {
  const fh = await open(path, 'r')
  try {
    const buf = Buffer.alloc(51)
    await fh.read(buf, 0, 51, 0)
    if (!equals(buf.subarray(0, 11), CARV2_PRAGMA)) return null
    return {
      characteristics: buf.subarray(11, 27),
      fullyIndexed: (buf[11] & 0x80) !== 0,
      dataOffset: Number(buf.readBigUInt64LE(27)),
      dataSize: Number(buf.readBigUInt64LE(35)),
      indexOffset: Number(buf.readBigUInt64LE(43))
    }
  } finally {
    await fh.close()
  }
}

function readUvarint (buf, pos) {
  let value = 0
  let mul = 1
  for (;;) {
    const b = buf[pos++]
    value += (b & 0x7f) * mul
    if (b < 0x80) return [value, pos]
    mul *= 128
  }
}

/**
 * Parses a CARv2 index (SPECS.md §3: go-car IndexSorted 0x0400 or MultihashIndexSorted 0x0401)
 * into { codec, entries: Map<"code:hexdigest", offset> } (code is 'any' for IndexSorted).
 */
export function parseCarV2Index (buf) {
  let [codec, pos] = readUvarint(buf, 0)
  const entries = new Map()
  const readSorted = (code) => {
    const buckets = buf.readInt32LE(pos); pos += 4
    for (let b = 0; b < buckets; b++) {
      const width = buf.readUInt32LE(pos); pos += 4
      const length = Number(buf.readBigUInt64LE(pos)); pos += 8
      if (width < 8 || length % width !== 0) throw new Error(`bad index bucket: width ${width}, length ${length}`)
      const end = pos + length
      let previous = null
      for (; pos < end; pos += width) {
        const digest = buf.subarray(pos, pos + width - 8)
        if (previous != null && Buffer.compare(previous, digest) > 0) throw new Error('index bucket not sorted')
        previous = digest
        entries.set(`${code}:${digest.toString('hex')}`, Number(buf.readBigUInt64LE(pos + width - 8)))
      }
    }
  }
  if (codec === 0x0400) {
    readSorted('any')
  } else if (codec === 0x0401) {
    const groups = buf.readInt32LE(pos); pos += 4
    for (let g = 0; g < groups; g++) {
      const code = Number(buf.readBigUInt64LE(pos)); pos += 8
      readSorted(code)
    }
  } else {
    throw new Error(`unknown CARv2 index codec 0x${codec.toString(16)}`)
  }
  return { codec, entries }
}

async function collect (iterable) {
  const parts = []
  for await (const p of iterable) parts.push(p)
  return Buffer.concat(parts)
}

/**
 * Walks the UnixFS DAG at `cid` with ipfs-unixfs-exporter and compares it with the original
 * at `fsPath`. Returns a list of differences (empty = equal).
 *
 * @param {object} opts
 * @param {boolean} [opts.hidden] hidden files were included in the DAG
 * @param {boolean} [opts.mode] the DAG carries modes (--preserve-mode)
 * @param {boolean} [opts.mtime] the DAG carries mtimes (--preserve-mtime)
 */
export async function compareDagWithFs (cid, blockstore, fsPath, opts = {}, rel = '.') {
  const diffs = []
  let entry
  try {
    entry = await exporter(cid, blockstore)
  } catch (err) {
    return [`${rel}: cannot export ${cid}: ${err.message}`]
  }
  const st = await lstat(fsPath, { bigint: true })
  const unixfs = entry.unixfs
  if (opts.mode && unixfs != null && !st.isSymbolicLink() && unixfs.mode !== Number(st.mode & 0o7777n)) {
    diffs.push(`${rel}: mode ${unixfs.mode.toString(8)}, file system has ${(st.mode & 0o7777n).toString(8)}`)
  }
  if (opts.mtime && unixfs != null) {
    const want = mtimeOf(st)
    const got = unixfs.mtime
    if (got == null || got.secs !== want.secs || (got.nsecs ?? 0) !== (want.nsecs ?? 0)) {
      diffs.push(`${rel}: mtime ${got?.secs}.${got?.nsecs ?? 0}, file system has ${want.secs}.${want.nsecs ?? 0}`)
    }
  }
  if (entry.type === 'directory') {
    if (!st.isDirectory()) return [`${rel}: directory in the DAG, not on disk`]
    const children = new Map()
    for await (const child of entry.entries()) children.set(child.name, child)
    const onDisk = (await readdir(fsPath)).filter(n => opts.hidden || !isHidden(n))
    for (const name of onDisk) if (!children.has(name)) diffs.push(`${rel}/${name}: missing from the DAG`)
    for (const [name, child] of children) {
      if (!onDisk.includes(name)) {
        diffs.push(`${rel}/${name}: in the DAG, not on disk`)
        continue
      }
      diffs.push(...await compareDagWithFs(child.cid, blockstore, join(fsPath, name), opts, `${rel}/${name}`))
    }
  } else if (unixfs?.type === 'symlink') {
    if (!st.isSymbolicLink()) return [`${rel}: symlink in the DAG, not on disk`]
    const target = new TextDecoder().decode(unixfs.data ?? new Uint8Array(0))
    const want = await readlink(fsPath)
    if (target !== want) diffs.push(`${rel}: symlink target ${JSON.stringify(target)}, want ${JSON.stringify(want)}`)
  } else {
    if (!st.isFile()) return [`${rel}: file in the DAG, not a regular file on disk`]
    const bytes = await collect(entry.content())
    const want = await readFile(fsPath)
    if (!bytes.equals(want)) diffs.push(`${rel}: content differs (${bytes.length} bytes exported, ${want.length} on disk)`)
  }
  return diffs
}

/**
 * Compares two trees on disk (an unpacked copy against the original). Returns differences.
 *
 * @param {object} opts
 * @param {boolean} [opts.hidden] hidden entries of the original are expected in the copy
 * @param {boolean} [opts.emptyDirs] empty directories of the original are expected (default true)
 */
export async function compareTrees (copy, original, opts = {}, rel = '.') {
  const { hidden = false, emptyDirs = true } = opts
  const diffs = []
  let a, b
  try {
    a = await lstat(copy)
  } catch {
    return [`${rel}: missing from the unpacked copy`]
  }
  b = await lstat(original)
  if (b.isSymbolicLink()) {
    if (!a.isSymbolicLink()) return [`${rel}: should be a symlink`]
    const [ta, tb] = [await readlink(copy), await readlink(original)]
    if (ta !== tb) diffs.push(`${rel}: symlink target ${JSON.stringify(ta)}, want ${JSON.stringify(tb)}`)
  } else if (b.isDirectory()) {
    if (!a.isDirectory()) return [`${rel}: should be a directory`]
    const want = (await readdir(original)).filter(n => hidden || !isHidden(n))
    const got = await readdir(copy)
    const keep = []
    for (const name of want) {
      if (!emptyDirs && !(await hasFiles(join(original, name), hidden))) continue
      keep.push(name)
    }
    for (const name of got) if (!keep.includes(name)) diffs.push(`${rel}/${name}: unexpected in the unpacked copy`)
    for (const name of keep) diffs.push(...await compareTrees(join(copy, name), join(original, name), opts, `${rel}/${name}`))
  } else {
    if (!a.isFile()) return [`${rel}: should be a regular file`]
    if (a.size !== b.size) return [`${rel}: ${a.size} bytes, want ${b.size}`]
    if (!(await readFile(copy)).equals(await readFile(original))) diffs.push(`${rel}: content differs`)
  }
  return diffs
}

async function hasFiles (path, hidden) {
  const st = await lstat(path)
  if (!st.isDirectory()) return true
  for (const name of await readdir(path)) {
    if (!hidden && isHidden(name)) continue
    if (await hasFiles(join(path, name), hidden)) return true
  }
  return false
}
