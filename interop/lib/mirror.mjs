// Puts a mirror directory into Cairn and points an IPNS name at it: the one step the package
// client tests (apt, npm) take to publish a new state. Today `cairn add -r` then
// `cairn name publish --key KEY`; `cairn sync DIR --name KEY` will do both in one command.
import { cairn } from './cairn.mjs'

/**
 * @param {object} env the environment with CAIRN_PATH (a daemon may be running on it)
 * @param {string} dir the mirror's root directory
 * @param {string} key the key (made on first use) whose name the mirror is published under
 * @returns {Promise<{cid: string, name: string}>} the tree's root CID and the name (k51…)
 */
export async function publishMirror (env, dir, key) {
  const cid = (await cairn(['add', '-r', '-Q', '--cid-version=1', dir], { env })).trim()
  const name = await keyName(env, key)
  const out = JSON.parse(await cairn(['name', 'publish', '--json', '--key', key, `/ipfs/${cid}`], { env }))
  if (out.Name !== name) throw new Error(`published under ${out.Name}, expected ${name}`)
  return { cid, name }
}

/** The IPNS name (k51…) of a key, making the key if it does not exist yet. */
export async function keyName (env, key) {
  const keys = JSON.parse(await cairn(['key', 'ls', '--json'], { env })).Keys
  const found = keys.find(k => k.Name === key)
  if (found != null) return found.Id
  return (await cairn(['key', 'gen', key], { env })).trim()
}
