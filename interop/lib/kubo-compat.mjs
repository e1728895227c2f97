// Three narrow adjustments that make ipfs-unixfs-importer 17.1.1 produce what Kubo produces
// when UnixFS 1.5 metadata (mode/mtime) is stored. 1 and 2 are proven necessary and
// sufficient by Kubo's own known answers (test/js-vectors.test.mjs, Kubo's
// t0047-add-mode-mtime.sh); 3 fixes an encoding bug (checked by the same test file). None
// changes anything when no mode/mtime is given, so every other profile runs the reference
// packages unmodified.
//
// 1. Default modes. ipfs-unixfs (UnixFS.marshal) drops the mode field when it equals the
//    default (0644 for files, 0755 for directories). Kubo writes whatever mode it was given,
//    so `ipfs add --preserve-mode` of a 0755 directory stores mode=0755
//    (QmRviohgafvCsbkiTgfQFipbuXJ6k1YtoiaQW4quttJPKu, not the bare empty directory
//    QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn). installExplicitModeShim() re-inserts
//    field 7 (mode) into the marshalled bytes of nodes that were given a mode explicitly,
//    while setKeepDefaultModes(true) is in force (importerOptions() sets it from
//    --preserve-mode; imports in one process run one after another).
//
// 2. Where file metadata goes. Kubo puts mode/mtime on the file's root node only (boxo
//    importer/helpers SetFileAttributes, called once by the layout on the root). The importer
//    instead (a) puts them on every internal node of a multi-level file, and (b) for a
//    one-chunk file with dag-pb leaves rebuilds the leaf as UnixFS{data: leaf.block}, where
//    leaf.block is the *encoded leaf node* rather than the chunk (so the bytes are wrong).
//    metadataFileBuilder() imports each file without metadata (public importFile(), same
//    options) and then sets mode/mtime on the root node, through the public `fileBuilder`
//    option.
//
// 3. mtime seconds from 2^31 to 2^32-1 (2038-01-19 … 2106-02-07). protons-runtime 7.1.2, which
//    ipfs-unixfs uses, encodes an int64 in that range wrongly (4102444800 → `00 00 00 00 00`
//    instead of the varint `80 ae 99 a4 0f` that Go's protobuf writes), i.e. the JS node is not
//    even valid protobuf. The marshal wrapper writes the mtime field itself for any seconds
//    value ≥ 2^31 (values ≥ 2^32 and negative ones are encoded right by protons, and the
//    hand-written varint is identical for them).
import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { importFile } from 'ipfs-unixfs-importer'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'

const EXPLICIT_MODE = Symbol.for('cairn-interop.explicit-mode')
const DEFAULT_FILE_MODE = 0o644
const DEFAULT_DIRECTORY_MODE = 0o755
let shimInstalled = false
let keepDefaultModes = false

/**
 * Turns the explicit-mode behaviour on (for --preserve-mode imports) or off. It has to be a
 * switch rather than "was a mode passed": the importer itself re-passes the *default* mode
 * when it turns a directory entry into a directory it fills (tree-builder.js reads
 * `dir.unixfs.mode`, which reports 0755 when none was set).
 */
export function setKeepDefaultModes (on) {
  keepDefaultModes = on === true
}

export function installExplicitModeShim () {
  if (shimInstalled) return
  shimInstalled = true
  const modeProp = Object.getOwnPropertyDescriptor(UnixFS.prototype, 'mode')
  if (modeProp?.set == null || modeProp.get == null) {
    throw new Error('ipfs-unixfs changed: UnixFS.prototype.mode is no longer an accessor')
  }
  Object.defineProperty(UnixFS.prototype, 'mode', {
    configurable: true,
    enumerable: modeProp.enumerable,
    get: modeProp.get,
    set (mode) {
      this[EXPLICIT_MODE] = mode != null
      modeProp.set.call(this, mode)
    }
  })
  const marshal = UnixFS.prototype.marshal
  UnixFS.prototype.marshal = function marshalForKubo () {
    let bytes
    const mtime = this.mtime
    if (mtime != null && BigInt(mtime.secs) >= 2n ** 31n) {
      // see 3. above: encode the mtime field here instead
      this.mtime = undefined
      try {
        bytes = marshal.call(this)
      } finally {
        this.mtime = mtime
      }
      bytes = appendMtime(bytes, mtime)
    } else {
      bytes = marshal.call(this)
    }
    if (!keepDefaultModes || this[EXPLICIT_MODE] !== true) return bytes
    const mode = ((this._originalMode & 0xFFFFF000) | this.mode) >>> 0
    const omitted = this.isDirectory() ? mode === DEFAULT_DIRECTORY_MODE : mode === DEFAULT_FILE_MODE
    return omitted ? insertVarintField(bytes, 7, mode) : bytes
  }
}

function varint (n) {
  let v = BigInt(n)
  const out = []
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80)
    v >>= 7n
  }
  out.push(Number(v))
  return out
}

/** Appends UnixFS field 8 (mtime: seconds varint, nanoseconds fixed32 if given); mtime is the last field. */
function appendMtime (bytes, mtime) {
  const inner = [0x08, ...varint(mtime.secs)]
  if (mtime.nsecs != null) {
    const n = mtime.nsecs >>> 0
    inner.push(0x15, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24)
  }
  const field = [0x42, ...varint(inner.length), ...inner]
  const out = new Uint8Array(bytes.length + field.length)
  out.set(bytes, 0)
  out.set(field, bytes.length)
  return out
}

/** Inserts varint field `field` before the first field with a higher number (protobuf order). */
function insertVarintField (bytes, field, value) {
  let pos = 0
  const readVarint = () => {
    let result = 0
    let mul = 1
    for (;;) {
      const b = bytes[pos++]
      result += (b & 0x7f) * mul
      if (b < 0x80) return result
      mul *= 128
    }
  }
  while (pos < bytes.length) {
    const start = pos
    const tag = readVarint()
    if (tag >>> 3 > field) {
      pos = start
      break
    }
    switch (tag & 7) {
      case 0: readVarint(); break
      case 1: pos += 8; break
      case 2: { const length = readVarint(); pos += length; break }
      case 5: pos += 4; break
      default: throw new Error(`unexpected wire type in UnixFS data: ${tag & 7}`)
    }
  }
  const insert = [(field << 3) | 0, ...varint(value)]
  const out = new Uint8Array(bytes.length + insert.length)
  out.set(bytes.subarray(0, pos), 0)
  out.set(insert, pos)
  out.set(bytes.subarray(pos), pos + insert.length)
  return out
}

/**
 * A `fileBuilder` for the importer that builds each file the way boxo does when it stores
 * metadata: import the file *without* mode/mtime (public importFile(), same options), then
 * set mode/mtime on the root node only (boxo importer/helpers SetFileAttributes, applied by
 * the balanced and trickle Layout functions to the root; a raw root gets none).
 *
 * @param {object} importOptions the options the whole import runs with
 */
export function metadataFileBuilder (importOptions) {
  const { fileBuilder, dirBuilder, wrapWithDirectory, ...fileOptions } = importOptions
  return async function fileBuilderForKubo (file, blockstore) {
    let last
    const capture = {
      async put (cid, bytes, opts) {
        last = { cid, bytes }
        return blockstore.put(cid, bytes, opts)
      }
    }
    // file.content yields chunks already cut by the importer's chunker; re-chunking them
    // with the same fixed-size chunker gives the same chunks back.
    const plain = await importFile({ content: file.content }, capture, fileOptions)
    const done = (r) => ({ cid: r.cid, size: r.size, unixfs: r.unixfs, path: file.path, originalPath: file.originalPath })
    if ((file.mode === undefined && file.mtime === undefined) || plain.cid.code !== dagPb.code) {
      return done(plain)
    }
    if (last == null || !last.cid.equals(plain.cid)) {
      throw new Error('ipfs-unixfs-importer changed: the root block was not written last')
    }
    const node = dagPb.decode(last.bytes)
    const unixfs = UnixFS.unmarshal(node.Data)
    if (file.mode !== undefined) unixfs.mode = file.mode
    if (file.mtime !== undefined) unixfs.mtime = file.mtime
    const bytes = dagPb.encode(dagPb.prepare({ Data: unixfs.marshal(), Links: node.Links }))
    const cid = CID.create(fileOptions.cidVersion, dagPb.code, await sha256.digest(bytes))
    await blockstore.put(cid, bytes)
    return done({ cid, unixfs, size: plain.size - BigInt(last.bytes.length) + BigInt(bytes.length) })
  }
}
