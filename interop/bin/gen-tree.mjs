#!/usr/bin/env node
// Writes a deterministic package-mirror-like tree for the benchmarks: FILES files under
// DIR/pool/<letter>/<package>/<file> (Debian's layout: lib* packages under lib<x>/), one to
// five files per package, sizes drawn log-uniformly: 90% 1–100 KB, 9.6% 100 KB–1 MB, 0.4%
// 1–4 MB (about 65 KB a file on average: ~1.3 GB for 20,000 files). The content is one
// AES-128-CTR keystream cut into consecutive slices, so no two files (or blocks) are alike.
// Prints `files: N` and `bytes: B`.
//
//   node interop/bin/gen-tree.mjs DIR FILES
import { createCipheriv } from 'node:crypto'
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'

const [dir, filesArg] = process.argv.slice(2)
if (dir == null || !/^\d+$/.test(filesArg ?? '') || Number(filesArg) < 1) {
  process.stderr.write('usage: gen-tree.mjs DIR FILES\n')
  process.exit(2)
}
const files = Number(filesArg)

// mulberry32: a small seeded PRNG, the same sequence everywhere
let seed = 0x63616972 // 'cair'
function rand () {
  seed = (seed + 0x6d2b79f5) | 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (list) => list[Math.floor(rand() * list.length)]
const logUniform = (lo, hi) => Math.floor(Math.exp(Math.log(lo) + rand() * (Math.log(hi) - Math.log(lo))))
function drawSize () {
  const r = rand()
  if (r < 0.90) return logUniform(1_000, 100_000)
  if (r < 0.996) return logUniform(100_000, 1_000_000)
  return logUniform(1_000_000, 4_000_000)
}

const syllables = ['ab', 'ac', 'al', 'an', 'ar', 'ba', 'be', 'bi', 'co', 'cu', 'da', 'de', 'do', 'el', 'en', 'er',
  'fa', 'fi', 'fo', 'ga', 'gi', 'gn', 'ha', 'he', 'id', 'in', 'io', 'ja', 'ka', 'ke', 'ki', 'la', 'le', 'li', 'lo',
  'ma', 'me', 'mi', 'mo', 'na', 'ne', 'no', 'nu', 'ob', 'od', 'om', 'on', 'or', 'pa', 'pe', 'py', 'qt', 'ra', 're',
  'ri', 'ro', 'ru', 'sa', 'se', 'si', 'so', 'ta', 'te', 'ti', 'to', 'tu', 'ub', 'ul', 'un', 'ur', 'va', 've', 'vi',
  'wa', 'we', 'xa', 'xe', 'ya', 'yo', 'za', 'ze', 'zo']
const kinds = [
  (n, v) => `${n}_${v}_amd64.deb`,
  (n, v) => `${n}_${v}.dsc`,
  (n, v) => `${n}_${v}.orig.tar.xz`,
  (n, v) => `${n}_${v}.debian.tar.xz`,
  (n, v) => `${n}_${v}_all.deb`
]

const cipher = createCipheriv('aes-128-ctr', Buffer.from('cairn-bench-tree'), Buffer.alloc(16))
const zeros = Buffer.alloc(1 << 20)
function writeRandom (path, size) {
  const fd = openSync(path, 'w')
  try {
    for (let left = size; left > 0;) {
      const n = Math.min(left, zeros.length)
      writeSync(fd, cipher.update(zeros.subarray(0, n)))
      left -= n
    }
  } finally {
    closeSync(fd)
  }
}

const names = new Set()
let made = 0
let bytes = 0
while (made < files) {
  let name = (rand() < 0.2 ? 'lib' : '') + pick(syllables) + pick(syllables) + (rand() < 0.5 ? pick(syllables) : '')
  if (rand() < 0.3) name += `-${pick(['dev', 'doc', 'utils', 'common', 'data', 'tools'])}`
  while (names.has(name)) name += pick(syllables)
  names.add(name)
  const letter = name.startsWith('lib') ? name.slice(0, 4) : name[0]
  const version = `${1 + Math.floor(rand() * 9)}.${Math.floor(rand() * 20)}.${Math.floor(rand() * 10)}-${1 + Math.floor(rand() * 4)}`
  const pkgDir = join(dir, 'pool', letter, name)
  mkdirSync(pkgDir, { recursive: true })
  const count = Math.min(1 + Math.floor(rand() * 5), files - made)
  for (let k = 0; k < count; k++) {
    const size = drawSize()
    writeRandom(join(pkgDir, kinds[k](name, version)), size)
    bytes += size
    made++
  }
}
process.stdout.write(`files: ${made}\nbytes: ${bytes}\n`)
