#!/usr/bin/env node
// Imports one file with ipfs-unixfs-importer, keeping no blocks (like `ipfs add -n`), and
// prints the root CID. Streams the file, so memory stays bounded for any size.
//
//   node interop/bin/js-add.mjs [--cid-version N] [--raw-leaves[=BOOL]] [--chunk-size N]
//                               [--max-children N] [--trickle] FILE
//
// Defaults follow Kubo: CIDv0, dag-pb leaves (raw leaves on with --cid-version 1 unless
// --raw-leaves=false), 262144-byte chunks, 174 links per node, balanced layout.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { importAll, importerOptions, parseAddFlags } from '../lib/js-unixfs.mjs'

function usage (message) {
  if (message != null) process.stderr.write(`js-add: ${message}\n`)
  process.stderr.write('usage: js-add.mjs [--cid-version N] [--raw-leaves[=true|false]] [--chunk-size N] [--max-children N] [--trickle] FILE\n')
  process.exit(2)
}

const args = process.argv.slice(2)
const flags = []
let file
for (let i = 0; i < args.length; i++) {
  const arg = args[i]
  const m = /^(--[a-z-]+)(?:=(.*))?$/.exec(arg)
  if (m == null) {
    if (file != null) usage(`more than one FILE: ${arg}`)
    file = arg
    continue
  }
  const [, name, inline] = m
  const value = () => {
    if (inline !== undefined) return inline
    if (i + 1 >= args.length) usage(`${name} needs a value`)
    return args[++i]
  }
  const positive = (v) => {
    if (!/^\d+$/.test(v) || Number(v) < 1) usage(`${name} needs a positive integer, got ${v}`)
    return v
  }
  switch (name) {
    case '--cid-version': {
      const v = value()
      if (v !== '0' && v !== '1') usage(`--cid-version must be 0 or 1, got ${v}`)
      flags.push(`--cid-version=${v}`)
      break
    }
    case '--raw-leaves':
      if (inline !== undefined && inline !== 'true' && inline !== 'false') usage(`bad --raw-leaves value ${inline}`)
      flags.push(inline === undefined ? '--raw-leaves' : `--raw-leaves=${inline}`)
      break
    case '--chunk-size': flags.push(`--chunker=size-${positive(value())}`); break
    case '--max-children': flags.push(`--max-file-links=${positive(value())}`); break
    case '--trickle': flags.push('--trickle'); break
    case '--help': usage()
      break
    default: usage(`unknown option ${name}`)
  }
}
if (file == null) usage('no FILE given')

try {
  const st = await stat(file)
  if (!st.isFile()) usage(`${file} is not a regular file`)
  const options = importerOptions(parseAddFlags(flags))
  const content = createReadStream(file, { highWaterMark: 1 << 20 })
  // importAll keeps only the small per-entry results; blocks go to a black-hole blockstore.
  const results = await importAll([{ path: basename(file), content }], options)
  process.stdout.write(`${results[results.length - 1].cid}\n`)
} catch (err) {
  process.stderr.write(`js-add: ${err.message}\n`)
  process.exit(1)
}
