import { strict as assert } from 'node:assert'
import { existsSync } from 'node:fs'
import { connect } from 'node:net'
import { test } from 'node:test'
import pg from 'pg'
import { startPostgres } from '../helpers/startPostgres.js'

test('test_startPostgres_servesAThrowawayDatabaseAndCleansUp', async (t) => {
  const started = performance.now()
  const db = await startPostgres()
  t.diagnostic(`startPostgres took ${Math.round(performance.now() - started)} ms`)
  const port = Number(new URL(db.url).port)
  try {
    assert.match(db.url, /^postgres:\/\/evswap@127\.0\.0\.1:\d+\/evswap$/)
    const client = new pg.Client(db.url)
    await client.connect()
    try {
      const { rows: [version] } = await client.query<{ v: number }>(`SELECT current_setting('server_version_num')::int AS v`)
      assert.ok(version!.v >= 130000, `server_version_num ${version!.v}`)
      await client.query('CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL)')
      await client.query('INSERT INTO note (body) VALUES ($1)', ['héllo ⚡'])
      const { rows } = await client.query<{ id: number; body: string }>('SELECT id, body FROM note')
      assert.deepEqual(rows, [{ id: 1, body: 'héllo ⚡' }])
    } finally {
      await client.end()
    }
  } finally {
    await db.stop()
  }
  await db.stop() // a second stop is harmless

  const refused = await new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve('connected')))
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
  })
  assert.equal(refused, 'ECONNREFUSED')
  assert.equal(existsSync(db.dir), false, `${db.dir} should be gone`)
})
