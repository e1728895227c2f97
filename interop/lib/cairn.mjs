// Runs the Cairn CLI (<repo>/bin/cairn) and returns what it printed.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Absolute path of <repo>/bin/cairn, resolved from this file (interop/lib → ../../bin). */
export const CAIRN_BIN = fileURLToPath(new URL('../../bin/cairn', import.meta.url))

/** The first run may build Cairn with Maven; later runs are quick. */
const DEFAULT_TIMEOUT_MS = 15 * 60 * 1000

export class CairnError extends Error {
  constructor (args, code, signal, stdout, stderr) {
    super(`cairn ${args.join(' ')} exited with ${signal ?? code}\n--- stderr ---\n${stderr}`)
    this.name = 'CairnError'
    this.args = args
    this.code = code
    this.signal = signal
    this.stdout = stdout
    this.stderr = stderr
  }
}

/**
 * Runs `bin/cairn ...args`.
 *
 * @param {string[]} args
 * @param {object} [opts]
 * @param {string} [opts.cwd]
 * @param {number} [opts.timeout] milliseconds
 * @returns {Promise<string>} stdout (UTF-8); throws CairnError (with .code, .stderr) on a non-zero exit
 */
export function cairn (args, opts = {}) {
  return cairnRaw(args, opts).then(({ code, signal, stdout, stderr }) => {
    if (code !== 0) throw new CairnError(args, code, signal, stdout, stderr)
    return stdout
  })
}

/**
 * Runs `bin/cairn ...args` and never throws for a non-zero exit:
 * resolves { code, signal, stdout, stderr }.
 */
export function cairnRaw (args, opts = {}) {
  return new Promise((resolve, reject) => {
    execFile(CAIRN_BIN, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      maxBuffer: 1 << 30,
      timeout: opts.timeout ?? DEFAULT_TIMEOUT_MS,
      encoding: 'buffer'
    }, (err, stdout, stderr) => {
      const out = stdout.toString('utf8')
      const errText = stderr.toString('utf8')
      if (err != null && typeof err.code !== 'number' && err.signal == null) {
        reject(err) // could not start at all (ENOENT, EACCES, …)
        return
      }
      resolve({ code: err == null ? 0 : err.code ?? null, signal: err?.signal ?? null, stdout: out, stderr: errText })
    })
  })
}

export function cairnExists () {
  return existsSync(CAIRN_BIN)
}

/**
 * Parses Kubo-style `added <cid> <path>` lines into a Map path → CID string.
 * The wrapper directory of `-w` has an empty path ("added <cid>" or "added <cid> ").
 */
export function parseAdded (stdout) {
  const out = new Map()
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue
    const m = /^added (\S+)(?: (.*))?$/.exec(line)
    if (m == null) continue // progress or other chatter
    out.set(m[2] ?? '', m[1])
  }
  return out
}
