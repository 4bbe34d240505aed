import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startPostgres, type TestPostgres } from './startPostgres.js'

/** Which engine the tests index into: `EVSWAP_TEST_INDEX=postgres` runs them on a real PostgreSQL server. */
export const testIndexEngine: 'pglite' | 'postgres' = process.env.EVSWAP_TEST_INDEX === 'postgres' ? 'postgres' : 'pglite'

let folder: string | undefined
let server: Promise<TestPostgres> | undefined
let schemas = 0

/**
 * Where a test station keeps its index: a new schema in this test process's one database, PGlite in a
 * temporary folder (one PGlite costs ~250 MB, so the stations of a test file share it) or, with
 * `EVSWAP_TEST_INDEX=postgres`, a PostgreSQL server started for the test file. Both go when the test process exits.
 *
 * @example
 * const server = await startStationServer({ ...params, index: await testIndex() })
 */
export async function testIndex(engine = testIndexEngine): Promise<{ database: string; schema: string }> {
  const schema = `test_${++schemas}`
  if (engine === 'postgres') {
    // Stopped with the test process (startPostgres ties the server to it), after every station closed.
    server ??= startPostgres({ holdProcess: false })
    return { database: (await server).url, schema }
  }
  if (!folder) {
    const made = mkdtempSync(join(tmpdir(), 'evswap-index-'))
    folder = made
    process.on('exit', () => rmSync(made, { recursive: true, force: true }))
  }
  return { database: folder, schema }
}
