import { Kysely, PostgresDialect } from 'kysely'
import { Migrator } from 'kysely/migration'
import pg from 'pg'
import { EvswapError } from '../../sdk/errors/EvswapError.js'
import type { IndexTables } from './IndexTables.js'
import { indexMigrations } from './migrations/indexMigrations.js'
import { openPglite } from './openPglite.js'

export type IndexDatabase = {
  /** Queries on the station's own tables (its schema is put in front of every table name). */
  db: Kysely<IndexTables>
  engine: 'pglite' | 'postgres'
  schema: string
  close(): Promise<void>
}

export type OpenIndexDatabaseParameters = {
  /** `postgres://user@host:port/db` (or `postgresql://`) for a PostgreSQL server; anything else is a folder for PGlite. */
  location: string
  /** The station's schema: several stations may share one database. Letters, digits and `_`. */
  schema: string
}

/**
 * Opens the station's index database and brings its tables up to date: PGlite in a folder (the embedded
 * default, nothing to install), or a PostgreSQL server an operator runs. The same migrations and queries
 * serve both.
 *
 * @example
 * const { db, close } = await openIndexDatabase({ location: 'data/index', schema: 'station_1' })
 * const { db } = await openIndexDatabase({ location: 'postgres://evswap@db.example:5432/evswap', schema: 'station_1' })
 */
export async function openIndexDatabase(p: OpenIndexDatabaseParameters): Promise<IndexDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(p.schema)) throw new EvswapError(`"${p.schema}" is not a schema name for the station's index`, { hint: 'use lower-case letters, digits and _' })
  const postgres = /^postgres(ql)?:\/\//.test(p.location)
  let base: Kysely<unknown>
  let release = async () => {}
  // A pool is the station's own; a PGlite's Kysely is shared by the stations on its folder and goes with the last.
  const close = async () => (postgres ? base.destroy() : release())
  if (postgres) {
    // A station's reads are short; a few connections keep the follower's block transactions from queueing behind them.
    const pool = new pg.Pool({ connectionString: p.location, max: 8 })
    base = new Kysely({ dialect: new PostgresDialect({ pool }) })
    await pool.query('select 1').catch(async (e: unknown) => {
      await pool.end()
      throw new EvswapError(`cannot reach the index database at ${redact(p.location)}: ${e instanceof Error ? e.message : String(e)}`, {
        hint: 'check that the PostgreSQL server runs and that the URL in the station config (index) is right',
      })
    })
  } else {
    const opened = await openPglite(p.location)
    base = opened.db
    release = opened.release
  }
  try {
    const { error, results } = await new Migrator({ db: base, provider: indexMigrations(p.schema), migrationTableSchema: p.schema }).migrateToLatest()
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName
      throw new EvswapError(`the index database could not be brought up to date${failed ? ` (migration ${failed})` : ''}: ${error instanceof Error ? error.message : String(error)}`, {
        hint: 'restore the database from a backup or point the station at an empty one: the index is rebuilt from the chain',
      })
    }
  } catch (e) {
    await close()
    throw e
  }
  return {
    db: base.withSchema(p.schema) as Kysely<IndexTables>,
    engine: postgres ? 'postgres' : 'pglite',
    schema: p.schema,
    close,
  }
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')
}
