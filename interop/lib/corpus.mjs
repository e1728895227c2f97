// Deterministic test corpus: the same seed always writes the same names, bytes, modes and
// mtimes, so a failure can be reproduced and CIDs are stable from run to run.
//
// generateCorpus(dir) writes top-level entries into `dir` and returns a manifest
// [{ name, type, symlinks, hidden, large, bytes }] describing each of them.
import { createCipheriv, createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { chmod, lutimes, mkdir, symlink, utimes, writeFile, readdir, lstat } from 'node:fs/promises'
import { join } from 'node:path'
import { once } from 'node:events'

export const SEED = 0x1CA1B5EE

/** mulberry32: a small, fast 32-bit PRNG (public domain algorithm). */
export function mulberry32 (seed) {
  let a = seed >>> 0
  return function next () {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}

/** FNV-1a of a string: derives an independent seed per file from its name. */
function fnv1a (s) {
  let h = 0x811C9DC5
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

function rngFor (label) {
  return mulberry32((SEED ^ fnv1a(label)) >>> 0)
}

/** Integer in [lo, hi). */
function randInt (rng, lo, hi) {
  return lo + Math.floor((rng() / 0x100000000) * (hi - lo))
}

function hex (rng, n) {
  let s = ''
  while (s.length < n) s += rng().toString(16).padStart(8, '0')
  return s.slice(0, n)
}

function randomBytes (rng, n) {
  const words = new Uint32Array(Math.ceil(n / 4))
  for (let i = 0; i < words.length; i++) words[i] = rng()
  return Buffer.from(words.buffer, 0, n)
}

/**
 * Kubo's test generator (test/cli/testutils/random_deterministic.go): the ChaCha20 keystream
 * with key SHA-256(seed), zero nonce, counter 0. Yields `size` bytes in pieces.
 */
export function * kuboDeterministicBytes (seed, size, piece = 1 << 20) {
  const key = createHash('sha256').update(seed).digest()
  const cipher = createCipheriv('chacha20', key, Buffer.alloc(16)) // 4-byte counter + 12-byte nonce, all 0
  const zeros = Buffer.alloc(piece)
  let left = size
  while (left > 0) {
    const n = Math.min(left, piece)
    yield cipher.update(zeros.subarray(0, n))
    left -= n
  }
}

const KUBO_ALPHABET = 'abcdefghijklmnopqrstuvwxyz01234567890-_'

/**
 * File names of Kubo's HAMT threshold fixtures (test/cli/add_test.go createDeterministicFiles):
 * `count` names, the last one `lastLen` long, the others `len`, each char = alphabet[byte % 39]
 * from one keystream. Duplicates collapse (the fixture overwrites the file), so a Set is returned.
 */
export function kuboFixtureNames (seed, count, len, lastLen = len) {
  const stream = kuboDeterministicBytes(seed, 1 << 20)
  let buf = Buffer.alloc(0)
  const take = (n) => {
    while (buf.length < n) buf = Buffer.concat([buf, stream.next().value])
    const out = buf.subarray(0, n)
    buf = buf.subarray(n)
    return out
  }
  const names = new Set()
  for (let i = 0; i < count; i++) {
    const bytes = take(i === count - 1 ? lastLen : len)
    names.add(Array.from(bytes, b => KUBO_ALPHABET[b % KUBO_ALPHABET.length]).join(''))
  }
  return names
}

/** Kubo's HAMT threshold fixtures (test/cli/cid_profiles_test.go), each file containing "x". */
export const KUBO_HAMT_FIXTURES = {
  // links-bytes, CIDv0: 4096 × (30 + 34) = 262144, exactly at the threshold → stays basic
  'kubo-hamt-v0-basic': { seed: 'hamt-unixfs-v0-2015', count: 4096, len: 30, lastLen: 30 },
  // 4033 × (31 + 34) = 262145 → HAMT
  'kubo-hamt-v0-hamt': { seed: 'hamt-unixfs-v0-2015', count: 4033, len: 31, lastLen: 31 },
  // block-bytes, CIDv1 raw leaves: 4765 × 55 + 65 + 4 = 262144 → stays basic
  'kubo-hamt-v1-basic': { seed: 'hamt-unixfs-v1-2025', count: 4766, len: 11, lastLen: 21 },
  // 4765 × 55 + 66 + 4 = 262145 → HAMT
  'kubo-hamt-v1-hamt': { seed: 'hamt-unixfs-v1-2025', count: 4766, len: 11, lastLen: 22 }
}

/** Writes `size` pseudo-random bytes (seeded by `label`) to `path`, streaming in 1 MiB pieces. */
async function writeRandomFile (path, size, label = path) {
  const rng = rngFor(label)
  if (size <= 1 << 20) {
    await writeFile(path, randomBytes(rng, size))
    return
  }
  const out = createWriteStream(path)
  let left = size
  while (left > 0) {
    const n = Math.min(left, 1 << 20)
    if (!out.write(randomBytes(rng, n))) await once(out, 'drain')
    left -= n
  }
  out.end()
  await once(out, 'close')
}

const CHUNK = 262144
const W = 174

/** File sizes at chunk and links-per-node boundaries (name → size). */
export const BOUNDARY_FILES = {
  'file-0': 0,
  'file-1': 1,
  'file-262143': CHUNK - 1,
  'file-262144': CHUNK,
  'file-262145': CHUNK + 1,
  // 174 × 1 KiB: the W boundary for --chunker=size-1024
  'file-178175': W * 1024 - 1,
  'file-178176': W * 1024,
  'file-178177': W * 1024 + 1,
  // 7 × 64 KiB and 49 × 64 KiB: the 2- and 3-level boundaries for size-65536 with W=7
  'file-458751': 7 * 65536 - 1,
  'file-458752': 7 * 65536,
  'file-458753': 7 * 65536 + 1,
  'file-3211264': 49 * 65536,
  'file-3211265': 49 * 65536 + 1,
  'file-1048575': 1048575,
  'file-1048576': 1048576,
  'file-1048577': 1048577
}

/** 174 × 256 KiB ± 1: the first file that needs a second level in Kubo's default layout. */
export const LARGE_FILES = {
  'file-45613055': W * CHUNK - 1,
  'file-45613056': W * CHUNK,
  'file-45613057': W * CHUNK + 1
}

export const HAMT_BIG_ENTRIES = 6000

const DEFAULT_MTIME = 1700000000

/**
 * Writes the corpus.
 *
 * @param {string} dir an existing, empty directory
 * @param {object} [opts]
 * @param {boolean} [opts.large] include the three ~45.6 MB files (default true)
 * @param {boolean} [opts.hamt] include hamt-big, the 6000-entry directory (default true)
 * @param {boolean} [opts.kuboFixtures] include Kubo's four ~4,000-entry HAMT threshold
 *   fixtures (default true)
 */
export async function generateCorpus (dir, { large = true, hamt = true, kuboFixtures = true } = {}) {
  const manifest = []
  const add = (name, type, extra = {}) => manifest.push({ name, type, symlinks: false, hidden: false, large: false, ...extra })

  // ---- single files at boundaries
  for (const [name, size] of Object.entries(BOUNDARY_FILES)) {
    await writeRandomFile(join(dir, name), size)
    add(name, 'file', { bytes: size })
  }
  if (large) {
    for (const [name, size] of Object.entries(LARGE_FILES)) {
      await writeRandomFile(join(dir, name), size)
      add(name, 'file', { bytes: size, large: true })
    }
  }
  {
    const rng = rngFor('random sizes')
    for (let i = 0; i < 4; i++) {
      const size = randInt(rng, 1, 6_000_000)
      const name = `rand-${i}`
      await writeRandomFile(join(dir, name), size)
      add(name, 'file', { bytes: size })
    }
  }
  await writeFile(join(dir, 'hello.txt'), 'hello world\n')
  add('hello.txt', 'file', { bytes: 12 })

  // ---- multi-level trees
  await randomTree(join(dir, 'tree-wide'), rngFor('tree-wide'), { depth: 3, minChildren: 3, maxChildren: 7 })
  add('tree-wide', 'dir')
  await randomTree(join(dir, 'tree-bushy'), rngFor('tree-bushy'), { depth: 4, minChildren: 2, maxChildren: 4 })
  add('tree-bushy', 'dir')
  {
    // a narrow chain 9 levels deep, a file at every level, an empty dir at the bottom
    let p = join(dir, 'tree-deep')
    const rng = rngFor('tree-deep')
    for (let level = 0; level < 9; level++) {
      await mkdir(p)
      await writeRandomFile(join(p, `level-${level}.bin`), randInt(rng, 0, 3000), `tree-deep-${level}`)
      p = join(p, `d${level}`)
    }
    await mkdir(p)
    add('tree-deep', 'dir')
  }
  {
    // empty files and empty dirs at several depths, plus one multi-chunk file in a tree
    const root = join(dir, 'tree-mixed')
    await mkdir(join(root, 'a', 'b', 'c'), { recursive: true })
    await mkdir(join(root, 'empty-1'))
    await mkdir(join(root, 'a', 'empty-2'))
    await writeFile(join(root, 'empty-file'), '')
    await writeFile(join(root, 'a', 'b', 'empty-file'), '')
    await writeRandomFile(join(root, 'a', 'multi-chunk.bin'), 1_300_000)
    await writeRandomFile(join(root, 'a', 'b', 'c', 'exact-chunk.bin'), CHUNK)
    await writeFile(join(root, 'a', 'b', 'small.txt'), 'small\n')
    add('tree-mixed', 'dir')
  }

  // ---- empty directory and nested empty directories
  await mkdir(join(dir, 'empty-dir'))
  add('empty-dir', 'dir')
  await mkdir(join(dir, 'nested-empty', 'x', 'y', 'z'), { recursive: true })
  await mkdir(join(dir, 'nested-empty', 'w'))
  add('nested-empty', 'dir')

  // ---- unicode names (NFC and NFD of the same text are different byte strings)
  {
    const root = join(dir, 'unicode')
    await mkdir(root)
    const names = [
      'caf\u00e9.txt', // NFC
      'cafe\u0301.txt', // NFD
      '\u00f1and\u00fa', // NFC dir
      'n\u0303andu\u0301', // NFD dir
      '日本語のファイル.txt',
      '🐱📦 emoji.bin',
      'Ωμέγα',
      'שלום',
      'a b  c',
      'UPPER',
      'lower',
      'Z',
      'a',
      '_',
      '-',
      '~tilde',
      '\u00e9-sorts-after-z',
      'z',
      'x'.repeat(200)
    ]
    const rng = rngFor('unicode')
    for (const name of names) {
      if (name === '\u00f1and\u00fa' || name === 'n\u0303andu\u0301' || name === 'Ωμέγα') {
        await mkdir(join(root, name))
        await writeFile(join(root, name, 'inside-' + name.normalize('NFC') + '.txt'), name)
        await writeFile(join(root, name, '🦀'), 'crab\n')
      } else {
        await writeRandomFile(join(root, name), randInt(rng, 0, 5000), 'unicode/' + name)
      }
    }
    await mkdir(join(root, '📁 folder'))
    await writeFile(join(root, '📁 folder', 'ü.txt'), 'u-umlaut\n')
    add('unicode', 'dir')
  }

  // ---- hidden files
  {
    const root = join(dir, 'hidden')
    await mkdir(join(root, '.hidden-dir'), { recursive: true })
    await mkdir(join(root, 'sub'))
    await mkdir(join(root, 'only-hidden'))
    await writeFile(join(root, '.hidden-file'), 'secret\n')
    await writeFile(join(root, '.hidden-dir', 'inner.txt'), 'inner\n')
    await writeFile(join(root, '.hidden-dir', '.deeper'), 'deeper\n')
    await writeFile(join(root, 'visible.txt'), 'visible\n')
    await writeFile(join(root, 'sub', '.dotfile'), 'dot\n')
    await writeFile(join(root, 'sub', 'ok'), 'ok\n')
    await writeFile(join(root, 'only-hidden', '.x'), 'x\n')
    await writeFile(join(root, '..double-dot'), 'dd\n')
    add('hidden', 'dir', { hidden: true })
  }

  // ---- symlinks (stored as UnixFS symlinks, never followed)
  {
    const root = join(dir, 'symlinks')
    await mkdir(join(root, 'sub'), { recursive: true })
    await writeFile(join(root, 'target.txt'), 'target\n')
    await writeFile(join(root, 'sub', 'inner.txt'), 'inner\n')
    await symlink('target.txt', join(root, 'rel-link'))
    await symlink('../symlinks/target.txt', join(root, 'up-link'))
    await symlink('does/not/exist', join(root, 'dangling'))
    await symlink('sub', join(root, 'dir-link'))
    await symlink('../target.txt', join(root, 'sub', 'back'))
    await symlink('caf\u00e9 \u{1F431}', join(root, 'unicode-target'))
    add('symlinks', 'dir', { symlinks: true })
  }
  await symlink('hello.txt', join(dir, 'link-top'))
  add('link-top', 'symlink', { symlinks: true })

  // ---- modes (applied after the contents are written)
  {
    const root = join(dir, 'modes')
    await mkdir(join(root, 'sticky-dir'), { recursive: true })
    await mkdir(join(root, 'private-dir'))
    await mkdir(join(root, 'setgid-dir'))
    const files = {
      'rw-r--r--.txt': 0o644,
      'rwxr-xr-x.sh': 0o755,
      'rw-------.key': 0o600,
      'r--r--r--.ro': 0o444,
      'rw-rw-r--.grp': 0o664,
      'setuid-exec': 0o4755
    }
    for (const [name, mode] of Object.entries(files)) {
      await writeFile(join(root, name), `mode ${mode.toString(8)}\n`)
      await chmod(join(root, name), mode)
    }
    await writeFile(join(root, 'sticky-dir', 'f'), 'in sticky\n')
    await writeFile(join(root, 'private-dir', 'f'), 'in private\n')
    await writeFile(join(root, 'setgid-dir', 'f'), 'in setgid\n')
    await chmod(join(root, 'sticky-dir'), 0o1777)
    await chmod(join(root, 'private-dir'), 0o700)
    await chmod(join(root, 'setgid-dir'), 0o2755)
    await chmod(root, 0o750)
    add('modes', 'dir')
  }
  {
    await writeFile(join(dir, 'exec-top.sh'), '#!/bin/sh\necho hi\n')
    await chmod(join(dir, 'exec-top.sh'), 0o755)
    add('exec-top.sh', 'file', { bytes: 19 })
  }

  // ---- HAMT-sized directories
  if (hamt) {
    // 6000 entries × 40-byte names: above 262144 in both estimate modes
    const root = join(dir, 'hamt-big')
    await mkdir(root)
    const rng = rngFor('hamt-big')
    for (let i = 0; i < HAMT_BIG_ENTRIES; i++) {
      const name = `entry-${String(i).padStart(5, '0')}-${hex(rng, 28)}`
      await writeFile(join(root, name), randomBytes(rng, randInt(rng, 0, 33)))
    }
    add('hamt-big', 'dir', { hamt: 'both' })
  }
  // Kubo's exact-threshold fixtures (strict '>' and both estimate modes). Across profiles they
  // also sit between the modes, e.g. kubo-hamt-v0-basic is 262144 in links-bytes (basic) but
  // 294916 in block-bytes (HAMT).
  for (const [name, f] of kuboFixtures ? Object.entries(KUBO_HAMT_FIXTURES) : []) {
    const root = join(dir, name)
    await mkdir(root)
    for (const file of kuboFixtureNames(f.seed, f.count, f.len, f.lastLen)) {
      await writeFile(join(root, file), 'x')
    }
    add(name, 'dir', { hamt: 'threshold-fixture' })
  }

  // ---- small directories for a low --hamt-threshold: sub-directories hold only files, and the
  // parent stays far below the threshold (the JS importer leaves sub-directories out of its
  // estimate, Kubo counts them; keeping parents small makes that difference irrelevant)
  {
    const root = join(dir, 'hamt-small')
    await mkdir(root)
    const rng = rngFor('hamt-small')
    for (const [sub, n] of [['s10', 10], ['s40', 40], ['s90', 90], ['s300', 300]]) {
      await mkdir(join(root, sub))
      for (let i = 0; i < n; i++) {
        await writeFile(join(root, sub, `n${String(i).padStart(3, '0')}-${hex(rng, 12)}`), randomBytes(rng, randInt(rng, 0, 300)))
      }
    }
    await writeFile(join(root, 'top.txt'), 'top\n')
    add('hamt-small', 'dir', { hamt: 'small' })
  }

  // ---- mtimes: every entry gets a fixed mtime; some are special
  const specialMtimes = {
    'mtimes/whole': 1600000000,
    'mtimes/half': 1600000000.5,
    'mtimes/quarter': 1234567890.25,
    'mtimes/odd-nanos': 1500000000.123456,
    'mtimes/epoch': 0,
    'mtimes/pre-epoch': -86400,
    'mtimes/pre-epoch-frac': -1.5,
    'mtimes/year-2100': 4102444800.75, // seconds in [2^31, 2^32)
    'mtimes/year-2200': 7258118400, // seconds above 2^32
    'mtimes/dir-frac': 1650000000.125,
    mtimes: 1690000000.5
  }
  {
    const root = join(dir, 'mtimes')
    await mkdir(join(root, 'dir-frac'), { recursive: true })
    for (const name of Object.keys(specialMtimes)) {
      if (name.startsWith('mtimes/') && name !== 'mtimes/dir-frac') {
        await writeFile(join(dir, name), name + '\n')
      }
    }
    await writeFile(join(root, 'dir-frac', 'inside'), 'inside\n')
    add('mtimes', 'dir')
  }
  await setMtimes(dir, '', specialMtimes)
  return manifest
}

/** Random directory tree; mostly small files, a few multi-chunk ones. */
async function randomTree (path, rng, { depth, minChildren, maxChildren }) {
  await mkdir(path)
  const n = randInt(rng, minChildren, maxChildren + 1)
  for (let i = 0; i < n; i++) {
    const kind = rng() % 10
    if (depth > 0 && kind < 3) {
      await randomTree(join(path, `dir-${i}-${hex(rng, 4)}`), rng, { depth: depth - 1, minChildren, maxChildren })
    } else if (kind === 3) {
      await mkdir(join(path, `empty-${i}`))
    } else {
      const big = rng() % 20 === 0
      const size = big ? randInt(rng, 262_000, 700_000) : randInt(rng, 0, 6000)
      const name = `file-${i}-${hex(rng, 6)}.${['txt', 'bin', 'dat', 'json'][rng() % 4]}`
      await writeRandomFile(join(path, name), size, `${path}/${name}`)
    }
  }
}

/** Post-order: children first, so setting them does not disturb their directory's mtime. */
async function setMtimes (base, rel, special) {
  const path = rel === '' ? base : join(base, rel)
  const st = await lstat(path)
  if (st.isDirectory()) {
    for (const child of await readdir(path)) {
      await setMtimes(base, rel === '' ? child : `${rel}/${child}`, special)
    }
  }
  if (rel === '') return // the corpus dir itself is never added
  const t = special[rel] ?? DEFAULT_MTIME
  if (st.isSymbolicLink()) {
    await lutimes(path, t, t)
  } else {
    await utimes(path, t, t)
  }
}

/**
 * A tree of regular files only (no empty dirs, symlinks or hidden names), the shape
 * ipfs-car can pack: nested dirs, unicode names, a multi-chunk file and a directory of
 * 1,200 entries (ipfs-car shards directories of more than 1,000).
 */
export async function generateFilesOnlyTree (root) {
  const rng = rngFor('files-only')
  await mkdir(join(root, 'a', 'b', 'c'), { recursive: true })
  await mkdir(join(root, 'ünïcødé 🗂'))
  await mkdir(join(root, 'many'))
  await writeFile(join(root, 'a', 'one.txt'), 'one\n')
  await writeFile(join(root, 'a', 'b', 'two.txt'), 'two\n')
  await writeRandomFile(join(root, 'a', 'b', 'c', 'three.bin'), 70_000, 'files-only/three')
  await writeRandomFile(join(root, 'big.bin'), 3_300_000, 'files-only/big')
  await writeFile(join(root, 'ünïcødé 🗂', 'caf\u00e9.txt'), 'nfc\n')
  await writeFile(join(root, 'ünïcødé 🗂', 'cafe\u0301.txt'), 'nfd\n')
  await writeFile(join(root, 'empty.txt'), '')
  for (let i = 0; i < 1200; i++) {
    await writeFile(join(root, 'many', `m-${String(i).padStart(4, '0')}-${hex(rng, 8)}`), randomBytes(rng, randInt(rng, 1, 64)))
  }
}
