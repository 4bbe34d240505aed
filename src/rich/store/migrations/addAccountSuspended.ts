import type { Kysely } from 'kysely'

/**
 * The second migration: whether the super account suspended an account (the `AccountSuspended` event).
 * Accounts indexed before it are not suspended: the event did not exist on the contracts they came from.
 */
export async function addAccountSuspended(db: Kysely<unknown>, schema: string): Promise<void> {
  await db.schema
    .withSchema(schema)
    .alterTable('accounts')
    .addColumn('suspended', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute()
}
