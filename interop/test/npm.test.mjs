// npm against Cairn's gateway: package tarballs made with `npm pack` are published under an IPNS
// name, and `npm install http://127.0.0.1:PORT/ipns/k51…/NAME-VERSION.tgz` installs them (and a
// dependency given by such a URL) into a temporary project with its own npm cache and config;
// no registry is reachable (it points at a closed port), so only the gateway can answer.
import assert from 'node:assert/strict'
import { execFile as execFileCb } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'
import { startDaemon } from '../lib/daemon.mjs'
import { keyName, publishMirror } from '../lib/mirror.mjs'

const execFile = promisify(execFileCb)
const NPM_TIMEOUT_MS = 120_000

let daemon
let work
let mirror
let name

function npm (args, cwd) {
  return execFile('npm', [...args, '--cache', join(work, 'npm-cache'), '--userconfig', join(work, 'npmrc'),
    '--registry', 'http://127.0.0.1:9/', '--no-audit', '--no-fund', '--no-update-notifier'],
  { cwd, timeout: NPM_TIMEOUT_MS })
}

async function pack (pkgName, version, source, dependencies = {}) {
  const dir = join(work, 'src', `${pkgName}-${version}`)
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: pkgName, version, main: 'index.js', dependencies }))
  await writeFile(join(dir, 'index.js'), source)
  await npm(['pack', '--pack-destination', mirror], dir)
  return join(mirror, `${pkgName}-${version}.tgz`)
}

const url = file => `${daemon.gateway}/ipns/${name}/${file}`

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'cairn-npm-'))
  mirror = join(work, 'mirror')
  await mkdir(mirror)
  await writeFile(join(work, 'npmrc'), '')
  daemon = await startDaemon()
  name = await keyName(daemon.env, 'npm')
  await pack('lib-a', '1.0.0', "module.exports = () => 'a1'\n")
  await pack('lib-b', '1.0.0', "module.exports = () => 'b+' + require('lib-a')()\n", { 'lib-a': url('lib-a-1.0.0.tgz') })
  await publishMirror(daemon.env, mirror, 'npm')
})

after(async () => {
  await daemon?.stop()
  if (work != null) await rm(work, { recursive: true, force: true })
})

test('npm installs tarballs (and a tarball dependency) from /ipns/NAME/ URLs', async () => {
  const app = join(work, 'app')
  await mkdir(app)
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }))
  await npm(['install', url('lib-b-1.0.0.tgz')], app)
  const run = await execFile('node', ['-e', "console.log(require('lib-b')())"], { cwd: app })
  assert.equal(run.stdout, 'b+a1\n')
  const manifest = JSON.parse(await readFile(join(app, 'package.json')))
  assert.equal(manifest.dependencies['lib-b'], url('lib-b-1.0.0.tgz'))
  const lock = JSON.parse(await readFile(join(app, 'package-lock.json')))
  const a = lock.packages['node_modules/lib-a']
  assert.equal(a.resolved, url('lib-a-1.0.0.tgz'))
  const digest = createHash('sha512').update(await readFile(join(mirror, 'lib-a-1.0.0.tgz'))).digest('base64')
  assert.equal(a.integrity, `sha512-${digest}`)

  // a new version is published under the same name; npm installs it from the same base URL
  await pack('lib-a', '1.1.0', "module.exports = () => 'a2'\n")
  await publishMirror(daemon.env, mirror, 'npm')
  await npm(['install', url('lib-a-1.1.0.tgz')], app)
  assert.equal(JSON.parse(await readFile(join(app, 'node_modules', 'lib-a', 'package.json'))).version, '1.1.0')
  const run2 = await execFile('node', ['-e', "console.log(require('lib-a')())"], { cwd: app })
  assert.equal(run2.stdout, 'a2\n')
})
