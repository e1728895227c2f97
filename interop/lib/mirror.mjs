// Brings a mirror directory's state into Cairn and points its stable IPNS name at it, the one
// step the package-client tests (apt, npm) take to publish a new state: `cairn sync DIR --name
// KEY`, which re-reads only what changed, pins the new version, and publishes it under the IPNS
// key named KEY (made on the first sync).
import { resolve } from 'node:path'
import { cairn } from './cairn.mjs'

/**
 * @param {object} env the environment with CAIRN_PATH (a daemon may be running on it)
 * @param {string} dir the mirror's root directory
 * @param {string} key the tree's name, which is also the IPNS key it is published under
 * @returns {Promise<{cid: string, name: string}>} the tree's root CID and the name (k51…)
 */
export async function publishMirror (env, dir, key) {
  const out = JSON.parse(await cairn(['sync', '--json', '--name', key, '--cid-version=1', resolve(dir)], { env }))
  if (out.Ipns == null) throw new Error(`sync did not publish the name: ${out.IpnsError}`)
  const name = out.Ipns.replace(/^\/ipns\//, '')
  if (name !== await keyName(env, key)) throw new Error(`published under ${name}, not under key ${key}`)
  return { cid: out.Root, name }
}

/** The IPNS name (k51…) of a key, making the key if it does not exist yet. */
export async function keyName (env, key) {
  const keys = JSON.parse(await cairn(['key', 'ls', '--json'], { env })).Keys
  const found = keys.find(k => k.Name === key)
  if (found != null) return found.Id
  return (await cairn(['key', 'gen', key], { env })).trim()
}
