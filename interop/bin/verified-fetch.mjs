#!/usr/bin/env node
// Fetches one ipfs:// URL with @helia/verified-fetch over HTTP only and prints the outcome as
// JSON: { status, length, sha256 } when a body arrived whole, { status, bodyError } when it
// broke off, { error } when the fetch itself failed. Errors Helia raises outside the response
// (unhandled rejections from its block walks) are reported too, not fatal: a separate process
// keeps them away from the caller's test runner.
//   node bin/verified-fetch.mjs [--gateway URL]… [--router URL]… [--timeout MS] ipfs://CID[/path]
import { createHash } from 'node:crypto'
import { parseArgs } from 'node:util'
import { makeVerifiedFetch } from '../lib/verified-fetch.mjs'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    gateway: { type: 'string', multiple: true, default: [] },
    router: { type: 'string', multiple: true, default: [] },
    timeout: { type: 'string', default: '20000' }
  }
})
const stray = []
process.on('unhandledRejection', err => stray.push(`${err?.name}: ${err?.message}`))
const vf = await makeVerifiedFetch({ gateways: values.gateway, routers: values.router })
const out = {}
// A timer that holds the event loop (AbortSignal.timeout's does not): when a block cannot be
// had, Helia can leave the fetch pending with nothing else scheduled.
const ms = Number(values.timeout)
const controller = new AbortController()
let timer
const deadline = new Promise((resolve, reject) => {
  timer = setTimeout(() => {
    const err = new Error(`no answer in ${ms} ms`)
    err.name = 'TimeoutError'
    controller.abort(err)
    setTimeout(() => reject(err), 2000) // if the abort itself is not honoured
  }, ms)
})
try {
  const res = await Promise.race([vf.fetch(positionals[0], { signal: controller.signal }), deadline])
  out.status = res.status
  try {
    const body = Buffer.from(await Promise.race([res.arrayBuffer(), deadline]))
    out.length = body.length
    out.sha256 = createHash('sha256').update(body).digest('hex')
  } catch (err) {
    out.bodyError = `${err.name}: ${err.message}`
  }
} catch (err) {
  out.error = `${err.name}: ${err.message}`
}
clearTimeout(timer)
await vf.stop().catch(() => {})
if (stray.length > 0) out.unhandled = stray
console.log(JSON.stringify(out))
process.exit(0)
