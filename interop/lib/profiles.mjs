// The `add` flag sets compared between Cairn and the JS importer. Flags use Cairn's
// (= Kubo's) spelling; lib/js-unixfs.mjs maps them to importer options.

/** Kubo's unixfs-v1-2025 profile (IPIP-499) spelled as add flags. */
export const V1_2025_FLAGS = ['--cid-version=1', '--chunker=size-1048576', '--max-file-links=1024', '--hamt-estimate=block-bytes']

// Entry filters (manifest entries from lib/corpus.mjs). The heavy entries — three ~45.6 MB
// files, hamt-big (6000 files) and Kubo's four ~4,000-file HAMT threshold fixtures — go only
// into the profiles where they prove something, to keep the suite fast: the 45.6 MB files
// (the first file needing a second level at 174 links) into the default, trickle and
// metadata profiles (small chunkers reach the same depths with small files); the exact-
// threshold fixtures into the profiles whose estimate mode or CID lengths they probe.
const noFixtures = e => e.hamt !== 'threshold-fixture'
const noLarge = e => !e.large
const light = e => !e.large && !e.hamt
const and = (...fs) => e => fs.every(f => f(e))

/** Entries added together with `-w`. */
export const WRAP_ENTRIES = light

/**
 * id: test name; flags: Cairn/Kubo flags; entries: optional filter on corpus manifest
 * entries; skip: reason the JS reference cannot express the profile.
 */
export const PROFILES = [
  { id: '01 kubo default (v0, dag-pb leaves, 256KiB, 174, balanced)', flags: [] },
  { id: '02 --cid-version=1 (raw leaves)', flags: ['--cid-version=1'], entries: and(noLarge, noFixtures) },
  { id: '03 --raw-leaves (v0 nodes, raw leaves)', flags: ['--raw-leaves'], entries: noLarge },
  { id: '04 --cid-version=1 --raw-leaves=false', flags: ['--cid-version=1', '--raw-leaves=false'], entries: and(noLarge, noFixtures) },
  { id: '05 --trickle', flags: ['--trickle'], entries: noFixtures },
  { id: '06 --trickle --cid-version=1', flags: ['--trickle', '--cid-version=1'], entries: noFixtures },
  { id: '07a --chunker=size-1024', flags: ['--chunker=size-1024'], entries: and(noLarge, noFixtures) },
  { id: '07b --chunker=size-65536 --max-file-links=7', flags: ['--chunker=size-65536', '--max-file-links=7'], entries: and(noLarge, noFixtures) },
  { id: '07c --trickle --chunker=size-65536 --max-file-links=7', flags: ['--trickle', '--chunker=size-65536', '--max-file-links=7'], entries: and(noLarge, noFixtures) },
  { id: '08 unixfs-v1-2025', flags: V1_2025_FLAGS, entries: noLarge },
  { id: '08b --hamt-estimate=block-bytes (v0)', flags: ['--hamt-estimate=block-bytes'], entries: e => e.type === 'dir' },
  { id: '08c --hamt-threshold=1024', flags: ['--hamt-threshold=1024'], entries: e => e.name === 'hamt-small' || e.name === 'hamt-big' },
  { id: '09a --preserve-mode --preserve-mtime', flags: ['--preserve-mode', '--preserve-mtime'], entries: noFixtures },
  { id: '09b --preserve-mode --preserve-mtime --cid-version=1', flags: ['--preserve-mode', '--preserve-mtime', '--cid-version=1'], entries: and(noLarge, noFixtures) },
  { id: '09c --preserve-mtime --trickle (size-65536, 7 links)', flags: ['--preserve-mtime', '--trickle', '--chunker=size-65536', '--max-file-links=7'], entries: light },
  { id: '10 --hidden', flags: ['--hidden'], entries: light },
  {
    id: '11a --inline',
    flags: ['--inline'],
    skip: 'ipfs-unixfs-importer 17.1.1 cannot make identity-hash CIDs: utils/persist.js always hashes with sha2-256, and no option replaces it'
  },
  {
    id: '11b --inline --inline-limit=64',
    flags: ['--inline', '--inline-limit=64'],
    skip: 'ipfs-unixfs-importer 17.1.1 cannot make identity-hash CIDs: utils/persist.js always hashes with sha2-256, and no option replaces it'
  }
]
