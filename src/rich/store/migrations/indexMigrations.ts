import type { Kysely } from 'kysely'
import type { Migration, MigrationProvider } from 'kysely/migration'
import { addAccountSuspended } from './addAccountSuspended.js'
import { createIndexTables } from './createIndexTables.js'

/**
 * The index's migrations, in order, for the tables in `schema`. A new one is added at the end with the next
 * number and never edited after release: a station's database has run the ones before it.
 *
 * @example
 * await new Migrator({ db, provider: indexMigrations('station_1'), migrationTableSchema: 'station_1' }).migrateToLatest()
 */
export function indexMigrations(schema: string): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '001_index_tables': { up: (db: Kysely<unknown>) => createIndexTables(db, schema) },
    '002_account_suspended': { up: (db: Kysely<unknown>) => addAccountSuspended(db, schema) },
  }
  return { getMigrations: async () => migrations }
}
