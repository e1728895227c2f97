#!/usr/bin/env node
// Imports one file with ipfs-unixfs-importer into blockstore-fs (FsBlockstore, the on-disk
// blockstore Helia uses; puts made as Helia makes them) and prints the root CID. Streams the
// file, so memory stays bounded for any size. The blockstore directory is created if
// missing; FsBlockstore does not fsync.
//
//   node interop/bin/js-add-store.mjs FILE BLOCKSTORE_DIR
//
// Settings are Kubo's `add --cid-version=1` (the importer's defaults): CIDv1, raw leaves,
// 262144-byte chunks, 174 links per node, balanced layout.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { FsBlockstore } from 'blockstore-fs'
import { importer } from 'ipfs-unixfs-importer'
import { importerOptions, parseAddFlags } from '../lib/js-unixfs.mjs'
import { heliaPuts } from '../lib/helia-puts.mjs'

function usage (message) {
  if (message != null) process.stderr.write(`js-add-store: ${message}\n`)
  process.stderr.write('usage: js-add-store.mjs FILE BLOCKSTORE_DIR\n')
  process.exit(2)
}

const args = process.argv.slice(2)
if (args.includes('--help')) usage()
if (args.length !== 2) usage('need FILE and BLOCKSTORE_DIR')
const [file, dir] = args

try {
  const st = await stat(file)
  if (!st.isFile()) usage(`${file} is not a regular file`)
  const options = importerOptions(parseAddFlags(['--cid-version=1']))
  const blockstore = heliaPuts(new FsBlockstore(dir))
  await blockstore.open()
  const content = createReadStream(file, { highWaterMark: 1 << 20 })
  let root
  for await (const r of importer([{ path: basename(file), content }], blockstore, options)) root = r
  await blockstore.close()
  process.stdout.write(`${root.cid}\n`)
} catch (err) {
  process.stderr.write(`js-add-store: ${err.message}\n`)
  process.exit(1)
}
