// Starts `bin/cairn daemon` with free ports, on a fresh repository or on one the caller has
// already filled (while the daemon holds the repo lock the CLI cannot open it, so content is
// added first), for tests that use it through real clients. The daemon's own output tells
// the bound addresses.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cairn, CAIRN_BIN } from './cairn.mjs'

const READY_TIMEOUT_MS = 15 * 60 * 1000 // the first start may build Cairn

function urlOf (multiaddr) {
  const [, proto, host, , port] = multiaddr.split('/')
  return `http://${proto === 'ip6' ? `[${host}]` : host}:${port}`
}

/**
 * @param {object} [opts]
 * @param {string} [opts.path] an existing repository (made with `cairn init`) to serve instead of
 *   a fresh one; it is not initialised again, and stop() leaves it in place (the caller owns it)
 * @param {Record<string, unknown>} [opts.config] config keys to set (values as JSON) before starting
 * @param {boolean} [opts.restart] the repository was served before with the same config: start it
 *   again without writing the config (each `cairn config` is a JVM start)
 * @returns {Promise<{path: string, env: object, api: string, gateway: string, apiMultiaddr: string,
 *   gatewayMultiaddr: string, output: () => string, stop: (signal?: string) => Promise<number|null>}>}
 */
export async function startDaemon (opts = {}) {
  const owned = opts.path == null
  const path = owned ? await mkdtemp(join(tmpdir(), 'cairn-daemon-')) : opts.path
  const env = { ...process.env, CAIRN_PATH: path }
  if (owned) await cairn(['init'], { env })
  const config = {
    'Addresses.API': '/ip4/127.0.0.1/tcp/0',
    'Addresses.Gateway': '/ip4/127.0.0.1/tcp/0',
    ...(opts.config ?? {})
  }
  for (const [key, value] of Object.entries(opts.restart ? {} : config)) {
    await cairn(['config', '--json', key, JSON.stringify(value)], { env })
  }
  const child = spawn(CAIRN_BIN, ['daemon'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', d => { out += d })
  child.stderr.on('data', d => { out += d })
  const exited = new Promise(resolve => child.on('exit', (code, signal) => resolve(code ?? signal)))
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`daemon not ready in time:\n${out}`)), READY_TIMEOUT_MS)
    const check = () => {
      if (out.includes('Daemon is ready')) { clearTimeout(timer); resolve() }
    }
    child.stdout.on('data', check)
    exited.then(code => { clearTimeout(timer); reject(new Error(`daemon exited (${code}) before ready:\n${out}`)) })
  })
  const apiMultiaddr = out.match(/RPC API server listening on (\S+)/)[1]
  const gatewayMultiaddr = out.match(/Gateway server listening on (\S+)/)[1]
  let stopped = null
  return {
    path,
    env,
    api: urlOf(apiMultiaddr),
    gateway: urlOf(gatewayMultiaddr),
    apiMultiaddr,
    gatewayMultiaddr,
    output: () => out,
    /**
     * Stops the daemon (SIGTERM by default), resolves its exit code, and removes the repository
     * it made (never one passed as opts.path) unless keep is set.
     */
    stop: async (signal = 'SIGTERM', { keep = !owned } = {}) => {
      if (stopped == null) {
        child.kill(signal)
        stopped = exited
      }
      const code = await stopped
      if (!keep) await rm(path, { recursive: true, force: true })
      return code
    }
  }
}
