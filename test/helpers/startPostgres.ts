import { startPostgres as startServer, type BenchPostgres } from '../../bench/lib/startPostgres.js'

export type TestPostgres = BenchPostgres

/**
 * A throwaway PostgreSQL server for one test file (bench/lib/startPostgres.ts), small: tests need no more
 * than 32 MB of shared buffers. Real PostgreSQL, not PGlite, so the store is tested against the server it
 * will meet in production.
 *
 * @example
 * const db = await startPostgres()
 * after(() => db.stop())
 */
export function startPostgres(o: { holdProcess?: boolean } = {}): Promise<TestPostgres> {
  return startServer({ shared_buffers: '32MB' }, o)
}
