// Proves the flag → ipfs-unixfs-importer option mapping (lib/js-unixfs.mjs) against answers
// Kubo itself produced, before that mapping is used as the reference for Cairn. Needs no Cairn.
import assert from 'node:assert/strict'
import { chmod, lutimes, mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import * as dagPb from '@ipld/dag-pb'
import { MemoryBlockstore } from 'blockstore-core/memory'
import { importer } from 'ipfs-unixfs-importer'
import { recursive } from 'ipfs-unixfs-exporter'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { KUBO_HAMT_FIXTURES, kuboDeterministicBytes, kuboFixtureNames } from '../lib/corpus.mjs'
import { candidates, importAll, importerOptions, parseAddFlags, rootCidOfPath } from '../lib/js-unixfs.mjs'
import { V1_2025_FLAGS } from '../lib/profiles.mjs'

const VECTORS = fileURLToPath(new URL('../../../shared/vectors/kubo-add/', import.meta.url))
let tmp

before(async () => { tmp = await mkdtemp(join(tmpdir(), 'cairn-interop-vectors-')) })
after(async () => { if (tmp != null) await rm(tmp, { recursive: true, force: true }) })

async function rootOf (candidateList, flags) {
  const results = await importAll(candidateList, importerOptions(parseAddFlags(flags)))
  return results[results.length - 1].cid.toString()
}

function zeros (size) {
  return (function * () {
    const z = new Uint8Array(1 << 20)
    for (let left = size; left > 0; left -= z.length) yield z.subarray(0, Math.min(left, z.length))
  })()
}

test('shared/vectors/kubo-add/expected.tsv: every Kubo answer reproduced', async (t) => {
  let tsv
  try {
    tsv = await readFile(join(VECTORS, 'expected.tsv'), 'utf8')
  } catch {
    t.skip(`no vectors at ${VECTORS}`)
    return
  }
  // The vector folder stores the two symlinks of Kubo's t0040 "files" test as regular files
  // holding the target; recreate them as symlinks (that is what Kubo added).
  const files = join(tmp, 'files')
  await mkdir(join(files, 'foo'), { recursive: true })
  await mkdir(join(files, 'bar'))
  await writeFile(join(files, 'foo', 'baz'), await readFile(join(VECTORS, 'files', 'foo', 'baz')))
  for (const link of ['bad', 'bar/baz']) {
    await symlink(await readFile(join(VECTORS, 'files', link), 'utf8'), join(files, link))
  }
  const failures = []
  let checked = 0
  for (const line of tsv.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue
    const [want, path, flagText = ''] = line.split('\t')
    let flags = flagText.trim() === '' ? [] : flagText.trim().split(/\s+/)
    if (flagText.startsWith('(HAMT threshold forced to 1 byte')) flags = ['--hamt-threshold=1']
    let got
    if (path.startsWith('zeros45900000')) {
      got = await rootOf([{ path: 'zeros', content: zeros(45_900_000) }], flags)
    } else {
      const abs = path === 'files' || path.startsWith('files/') ? join(tmp, path) : join(VECTORS, path)
      got = (await rootCidOfPath(abs, path.split('/').pop(), flags)).toString()
    }
    checked++
    if (got !== want) failures.push(`${path} [${flags.join(' ')}]: kubo=${want} js=${got}`)
  }
  assert.ok(checked >= 20, `only ${checked} vectors read`)
  assert.deepEqual(failures, [], 'JS mapping disagrees with Kubo:\n' + failures.join('\n'))
})

test('Kubo t0047 mode/mtime answers (single nodes)', async () => {
  const P = ['--preserve-mode', '--preserve-mtime']
  const empty = () => new Uint8Array(0)
  const cases = [
    ['file mode 0640', { path: 'f', content: empty(), mode: 0o640 }, 'QmQLgxypSNGNFTuUPGCecq6dDEjb6hNB5xSyVmP3cEuNtq'],
    ['file mtime', { path: 'f', content: empty(), mtime: { secs: 1604320482n } }, 'QmQ6kErEW8kztQFV8vbwNU8E4dmtGsYpRiboiLxUEwibvj'],
    ['file mode+mtime', { path: 'f', content: empty(), mode: 0o640, mtime: { secs: 1604320482n } }, 'QmYkvboLsvLFcSYmqVJRxvBdYRQLroLv9kELf3LRiCqBri'],
    ['file mode 0764', { path: 'f', content: empty(), mode: 0o764 }, 'QmchD3BN8TQ3RW6jPLxSaNkqvfuj7syKhzTRmL4EpyY1Nz'],
    ['file mtime 1603539720', { path: 'f', content: empty(), mtime: { secs: 1603539720n } }, 'QmT3aY4avDcYXCWpU8CJzqUkW7YEuEsx36S8cTNoLcuK1B'],
    ['file mtime+nsecs', { path: 'f', content: empty(), mtime: { secs: 1603539720n, nsecs: 54321 } }, 'QmaKH8H5rXBUBCX4vdxi7ktGQEL7wejV7L9rX2qpZjwncz'],
    ['file mode+mtime+nsecs', { path: 'f', content: empty(), mode: 0o764, mtime: { secs: 1603539720n, nsecs: 54321 } }, 'QmUkxrtBA8tPjwCYz1HrsoRfDz6NgKut3asVeHVQNH4C8L'],
    ['symlink mtime', { path: 'l', link: 'nothing', mtime: { secs: 1604320482n } }, 'QmbJwotgtr84JxcnjpwJ86uZiyMoxbZuNH4YrdJMypkYaB'],
    ['symlink mtime 1603539720', { path: 'l', link: 'nothing', mtime: { secs: 1603539720n } }, 'QmV1Uot2gy4bhY9yvYiZxhhchhyYC6MKKoGV1XtWNmpCLe'],
    ['symlink mtime+nsecs', { path: 'l', link: 'nothing', mtime: { secs: 1603539720n, nsecs: 54321 } }, 'QmPHYCxYvvHj6VxiPNJ3kXxcPsnJLDYUJqsDJWjvytmrmY'],
    ['dir mode 0755 (stored, not dropped as default)', { path: 'd', mode: 0o755 }, 'QmRviohgafvCsbkiTgfQFipbuXJ6k1YtoiaQW4quttJPKu'],
    ['dir mtime', { path: 'd', mtime: { secs: 1655158722n } }, 'QmYMy7CZGb498QFSQBF5ZFwv1FYbrAtYZMe4VxhDXxAcvf'],
    ['dir mode 0713', { path: 'd', mode: 0o713 }, 'QmQ1ABnw2iip7sj23EzzBZ9T77KyyfESP6SUboiXPyzNQe'],
    ['dir mtime 1603539720', { path: 'd', mtime: { secs: 1603539720n } }, 'QmfWitW6F13WHFXLbJzXRYmwrS1p4gaAJAfucUSMytRPn3'],
    ['dir mtime+nsecs', { path: 'd', mtime: { secs: 1603539720n, nsecs: 54321 } }, 'QmZFdCLJay31hT3Tx1LygJ7XfiLEs3qLCXtbeBfhf38aZg']
  ]
  const failures = []
  for (const [name, candidate, want] of cases) {
    const got = await rootOf([candidate], P)
    if (got !== want) failures.push(`${name}: kubo=${want} js=${got}`)
  }
  assert.deepEqual(failures, [], failures.join('\n'))
})

test('mtime seconds in [2^31, 2^32) are encoded as a plain varint (protons-runtime bug worked around)', async () => {
  // empty file, mtime 4102444800 (2100-01-01): Data = 08 02 18 00 42 06 08 <varint 80 ae 99 a4 0f>
  const data = Uint8Array.from([0x08, 0x02, 0x18, 0x00, 0x42, 0x06, 0x08, 0x80, 0xae, 0x99, 0xa4, 0x0f])
  const block = dagPb.encode(dagPb.prepare({ Data: data }))
  const want = CID.createV0(await sha256.digest(block)).toString()
  const got = await rootOf([{ path: 'f', content: new Uint8Array(0), mtime: { secs: 4102444800n } }], ['--preserve-mtime'])
  assert.equal(got, want)
})

test('Kubo t0047 recursive --preserve-mode --preserve-mtime tree (all 10 CIDs)', async () => {
  // test/sharness/t0047-add-mode-mtime.sh setup_directory, rebuilt step by step
  const D = join(tmp, 't0047')
  const T = 1655158632
  await mkdir(D)
  await chmod(D, 0o700)
  await mkdir(join(D, 'dir1'))
  await mkdir(join(D, 'dir2/sub1/sub2'), { recursive: true })
  await mkdir(join(D, 'dir3'))
  for (const d of ['dir1', 'dir2', 'dir2/sub1', 'dir2/sub1/sub2', 'dir3']) await chmod(join(D, d), 0o755)
  const file = async (p, t) => { await writeFile(join(D, p), ''); await chmod(join(D, p), 0o644); await utimes(join(D, p), t, t) }
  await file('dir2/sub1/sub2/file3', T + 10)
  await symlink('../sub2/file3', join(D, 'dir2/sub1/link1'))
  await lutimes(join(D, 'dir2/sub1/link1'), T + 20, T + 20)
  await utimes(join(D, 'dir2/sub1/sub2'), T + 30, T + 30)
  await utimes(join(D, 'dir2/sub1'), T + 40, T + 40)
  await utimes(join(D, 'dir2'), T + 50, T + 50)
  await file('dir3/file2', T + 60)
  await utimes(join(D, 'dir3'), T + 70, T + 70)
  await file('file1', T + 80)
  await utimes(join(D, 'dir1'), T + 90, T + 90)
  await utimes(D, T, T)

  const parsed = parseAddFlags(['--preserve-mode', '--preserve-mtime'])
  const blockstore = new MemoryBlockstore()
  let root
  for await (const r of importer(candidates(D, 't0047', parsed), blockstore, importerOptions(parsed))) root = r
  const all = []
  for await (const entry of recursive(root.cid, blockstore)) all.push(entry.cid.toString())
  assert.equal(root.cid.toString(), 'QmSioyvQuXetxg7uo8FswGn9XKKEsisDq1HTMzGyWbw2R6')
  assert.deepEqual(all.sort(), [
    'QmRCG3Pprg4jbhfYBzVzfJVyneFHnBquPGXwvXU3jSuf5j', 'QmReHCn4BSJJdtd6Le8Hd8Puai6TmgpPCYb13wyM7FD9AD',
    'QmSioyvQuXetxg7uo8FswGn9XKKEsisDq1HTMzGyWbw2R6', 'QmTMoVgJKhPrz9DfkvT132mxyBXNae5azXQ42WbM9abdSE',
    'QmVzXqpuQGCAgRwEbGuE9xe8Fidi1HEXaPKsQEFEbPJW9j', 'QmW6Nqy2nziduAp3UGx2a52gtSUsYzhVcZMuPdxBRnwCyP',
    'QmeQwX5qAX18fcPDxDdkfM6ttuFCZetF5hgeUa6ov8D5oc', 'QmefofUNwC2U3Xp87rB1x8Aws6AdsDuoXR7B9u2RkEZ4dQ',
    'Qmeu24TFarJwLzJgMTDYDJTr4BMGnzafoSnfxov1513abW', 'Qmf82bbFg2e8HmcqiewutVVw5NoMpiXZD57LpLdC1poBuH'
  ])
})

test('Kubo cid_profiles_test.go (IPIP-499) answers through the same flag mapping', async () => {
  const v0 = []
  const v1 = V1_2025_FLAGS
  const bytes = (seed, size) => kuboDeterministicBytes(seed, size)
  const cases = [
    ['v0 hello world', [{ path: 'f', content: new TextEncoder().encode('hello world') }], v0, 'Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD'],
    ['v0 at chunk size', [{ path: 'f', content: bytes('chunk-v0-seed', 262144) }], v0, 'QmWmRj3dFDZdb6ABvbmKhEL6TmPbAfBZ1t5BxsEyJrcZhE'],
    ['v0 over chunk size', [{ path: 'f', content: bytes('chunk-v0-seed', 262145) }], v0, 'QmYyLxtzZyW22zpoVAtKANLRHpDjZtNeDjQdJrcQNWoRkJ'],
    ['v0 at max links', [{ path: 'f', content: bytes('v0-seed', 174 * 262144) }], v0, 'QmUbBALi174SnogsUzLpYbD4xPiBSFANF4iztWCsHbMKh2'],
    ['v0 over max links', [{ path: 'f', content: bytes('v0-seed', 174 * 262144 + 1) }], v0, 'QmV81WL765sC8DXsRhE5fJv2rwhS4icHRaf3J9Zk5FdRnW'],
    ['v1-2025 hello world', [{ path: 'f', content: new TextEncoder().encode('hello world') }], v1, 'bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e'],
    ['v1-2025 at chunk size', [{ path: 'f', content: bytes('chunk-v1-seed', 1048576) }], v1, 'bafkreiacndfy443ter6qr2tmbbdhadvxxheowwf75s6zehscklu6ezxmta'],
    ['v1-2025 over chunk size', [{ path: 'f', content: bytes('chunk-v1-seed', 1048577) }], v1, 'bafybeigmix7t42i6jacydtquhet7srwvgpizfg7gjbq7627d35mjomtu64'],
    ['--trickle 45 MiB', [{ path: 'f', content: bytes('trickle-test', 45 * 1048576) }], ['--trickle'], 'QmbqR6g7YCpndLcCZZXkGyj13uMcSrwDYUvZ47vJqBVjUH']
  ]
  const dirCase = (name, flags) => {
    const f = KUBO_HAMT_FIXTURES[name]
    const list = [{ path: 'd' }]
    for (const file of kuboFixtureNames(f.seed, f.count, f.len, f.lastLen)) list.push({ path: `d/${file}`, content: new TextEncoder().encode('x') })
    return [name, list, flags]
  }
  cases.push([...dirCase('kubo-hamt-v0-basic', v0), 'QmX5GtRk3TSSEHtdrykgqm4eqMEn3n2XhfkFAis5fjyZmN'])
  cases.push([...dirCase('kubo-hamt-v0-hamt', v0), 'QmeMiJzmhpJAUgynAcxTQYek5PPKgdv3qEvFsdV3XpVnvP'])
  cases.push([...dirCase('kubo-hamt-v1-basic', v1), 'bafybeic3h7rwruealwxkacabdy45jivq2crwz6bufb5ljwupn36gicplx4'])
  cases.push([...dirCase('kubo-hamt-v1-hamt', v1), 'bafybeiegvuterwurhdtkikfhbxcldohmxp566vpjdofhzmnhv6o4freidu'])
  const failures = []
  for (const [name, list, flags, want] of cases) {
    const got = await rootOf(list, flags)
    if (got !== want) failures.push(`${name} [${flags.join(' ')}]: kubo=${want} js=${got}`)
  }
  assert.deepEqual(failures, [], failures.join('\n'))
})
