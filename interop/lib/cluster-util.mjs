// Helpers of the multi-daemon cluster tests: free ports, polling with a deadline, cleanup.
import { rm } from 'node:fs/promises'
import { createServer } from 'node:net'

/** A TCP port free on 127.0.0.1 right now (for a peer's Raft and REST ports). */
export function freePort () {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) })
    s.on('error', reject)
  })
}

/** Polls `fn` every 100 ms until it returns something truthy (returned), or throws after `ms`. */
export async function until (what, ms, fn) {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

/** Kills the daemons (keeping their repositories) and then removes the directories. */
export async function cleanUp (daemons, dirs) {
  for (const d of daemons) await d.stop('SIGKILL', { keep: true }).catch(() => {})
  for (const d of dirs) await rm(d, { recursive: true, force: true })
}
