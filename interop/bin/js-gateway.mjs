#!/usr/bin/env node
// Runs the JS trustless gateway (lib/js-gateway.mjs: ipfs-unixfs-importer into a
// MemoryBlockstore, served over node:http; not Cairn) over the given files and directories.
//
//   node interop/bin/js-gateway.mjs [--host H] [--port N] [--chunk-size N] [--max-links N]
//        [--corrupt CID]… [--stall-after BYTES] [--die-after BYTES] PATH…
//
// Imports each PATH (files; directories as `cairn add -r --cid-version=1` walks them) and
// prints `added <cid> <path>` for each, then one line `gateway <url> <multiaddr> <peer ID>`
// once it listens. Runs until SIGINT/SIGTERM.
import { stat } from 'node:fs/promises'
import { startJsGateway } from '../lib/js-gateway.mjs'

function usage (message) {
  if (message != null) process.stderr.write(`js-gateway: ${message}\n`)
  process.stderr.write('usage: js-gateway.mjs [--host H] [--port N] [--chunk-size N] [--max-links N] ' +
    '[--corrupt CID]... [--stall-after BYTES] [--die-after BYTES] PATH...\n')
  process.exit(2)
}

const opts = { misbehave: { corrupt: [] } }
const importOpts = {}
const paths = []
const args = process.argv.slice(2)
for (let i = 0; i < args.length; i++) {
  const a = args[i]
  const value = () => {
    if (i + 1 >= args.length) usage(`${a} needs a value`)
    return args[++i]
  }
  const number = () => {
    const n = Number(value())
    if (!Number.isInteger(n) || n < 0) usage(`${a} needs a whole number`)
    return n
  }
  switch (a) {
    case '--help': usage(); break
    case '--host': opts.host = value(); break
    case '--port': opts.port = number(); break
    case '--chunk-size': importOpts.chunkSize = number(); break
    case '--max-links': importOpts.maxLinks = number(); break
    case '--corrupt': opts.misbehave.corrupt.push(value()); break
    case '--stall-after': opts.misbehave.stallAfter = number(); break
    case '--die-after': opts.misbehave.dieAfter = number(); break
    default:
      if (a.startsWith('-')) usage(`unknown option ${a}`)
      paths.push(a)
  }
}

try {
  const gw = await startJsGateway(opts)
  for (const p of paths) {
    const st = await stat(p)
    const cid = st.isDirectory() ? await gw.addTree(p, importOpts) : await gw.addFile(p, importOpts)
    process.stdout.write(`added ${cid} ${p}\n`)
  }
  process.stdout.write(`gateway ${gw.url} ${gw.multiaddr} ${gw.peerId}\n`)
  const stop = () => gw.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
} catch (err) {
  process.stderr.write(`js-gateway: ${err.message}\n`)
  process.exit(1)
}
