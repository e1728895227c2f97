// The daemon's lifecycle as a client sees it: it starts, answers, and stops cleanly on SIGTERM.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { startDaemon } from '../lib/daemon.mjs'
import { cairn } from '../lib/cairn.mjs'

test('daemon starts on free ports, writes its api file, and SIGTERM stops it cleanly', async () => {
  const d = await startDaemon()
  try {
    assert.ok(existsSync(join(d.path, 'api')), 'api file written')
    const metrics = await fetch(`${d.gateway}/debug/metrics/prometheus`)
    assert.equal(metrics.status, 200)
    assert.match(await metrics.text(), /cairn_blocks_read_total/)
    const code = await d.stop('SIGTERM', { keep: true })
    assert.equal(code, 0, d.output())
    assert.ok(!existsSync(join(d.path, 'api')), 'api file removed on shutdown')
    await cairn(['repo', 'verify'], { env: d.env }) // the repository opens and is whole
  } finally {
    await d.stop()
  }
})
