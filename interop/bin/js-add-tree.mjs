#!/usr/bin/env node
// Imports a directory tree with ipfs-unixfs-importer into blockstore-fs (FsBlockstore, the
// on-disk blockstore Helia uses; puts made as Helia makes them) and prints the root CID: the
// directory itself, no wrapper, as `cairn add -r --cid-version=1 DIR` (and Kubo) make it. The
// walk is the interop tests' (lib/js-unixfs.mjs candidates): entries in sorted order, hidden
// names skipped, symlinks stored; files are streamed (those up to 4 MiB read in one call,
// which is faster). The blockstore directory is created if missing; FsBlockstore does not
// fsync.
//
//   node interop/bin/js-add-tree.mjs DIR BLOCKSTORE_DIR
//
// Settings are Kubo's `add --cid-version=1`: CIDv1, raw leaves, 262144-byte chunks, 174 links
// per node, balanced layout, HAMT directories above 256 KiB of links.
import { stat } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { FsBlockstore } from 'blockstore-fs'
import { importer } from 'ipfs-unixfs-importer'
import { candidates, importerOptions, parseAddFlags } from '../lib/js-unixfs.mjs'
import { heliaPuts } from '../lib/helia-puts.mjs'

function usage (message) {
  if (message != null) process.stderr.write(`js-add-tree: ${message}\n`)
  process.stderr.write('usage: js-add-tree.mjs DIR BLOCKSTORE_DIR\n')
  process.exit(2)
}

const args = process.argv.slice(2)
if (args.includes('--help')) usage()
if (args.length !== 2) usage('need DIR and BLOCKSTORE_DIR')
const [dir, storeDir] = args

try {
  const st = await stat(dir)
  if (!st.isDirectory()) usage(`${dir} is not a directory`)
  const parsed = parseAddFlags(['--cid-version=1'])
  const options = importerOptions(parsed)
  const name = basename(resolve(dir))
  const blockstore = heliaPuts(new FsBlockstore(storeDir))
  await blockstore.open()
  let root
  for await (const r of importer(candidates(dir, name, parsed), blockstore, options)) {
    if (r.path === name) root = r
  }
  await blockstore.close()
  if (root == null) throw new Error(`no result for the root directory ${name}`)
  process.stdout.write(`${root.cid}\n`)
} catch (err) {
  process.stderr.write(`js-add-tree: ${err.message}\n`)
  process.exit(1)
}
