import type { Kysely, Transaction } from 'kysely'
import type { IndexTables } from './IndexTables.js'

/** The tables whose rows change in place (the others only gain rows), each row as stored, by its key. */
export type MutableRows = {
  accounts: IndexTables['accounts']
  balances: IndexTables['balances']
  supers: IndexTables['supers']
  batteries: IndexTables['batteries']
  swaps: IndexTables['swaps']
  meta: IndexTables['meta']
}
export type MutableTable = keyof MutableRows

/** The rows a block's changes undo: for each table, each changed key with its row before (null: it was not there). */
export type Undo = { [T in MutableTable]?: [string, MutableRows[T] | null][] }

/** Keys to read before applying events, per table. */
export type WantedKeys = { [T in MutableTable]?: Iterable<string> }

export type WorkingSet = {
  /** Reads the rows of `keys` not read yet (absent ones are remembered as absent). */
  load(db: Kysely<IndexTables>, keys: WantedKeys): Promise<void>
  get<T extends MutableTable>(table: T, key: string): MutableRows[T] | undefined
  /** Sets a row (null deletes it); the first change of a key remembers the row before, for the undo. */
  put<T extends MutableTable>(table: T, key: string, row: MutableRows[T] | null): void
  /** Rows only added: events, history links, ledger entries. */
  appended: { events: IndexTables['events'][]; battery_events: IndexTables['battery_events'][]; ledger: IndexTables['ledger'][] }
  /** Writes every change and addition in `trx`, and answers what undoes the changes. */
  flush(trx: Transaction<IndexTables>): Promise<Undo>
}

const keyColumn: { [T in MutableTable]: keyof MutableRows[T] & string } = {
  accounts: 'address',
  balances: 'address',
  supers: 'address',
  batteries: 'id',
  swaps: 'id',
  meta: 'key',
}

/** Postgres takes at most 65 535 parameters in one statement; a batch of rows stays well under it. */
const PARAMETERS = 30_000

/**
 * The rows a batch of blocks touches, read from the database once, changed in memory by the event logic
 * (`applyEvents`), then written back in one transaction with the rows the batch added. It is what keeps the
 * station's memory bounded by a batch rather than by the chain's history, and a catch-up of a million events
 * to a few thousand statements.
 *
 * @example
 * const ws = createWorkingSet()
 * await ws.load(db, { accounts: ['0xAbc…'], batteries: ['7'] })
 * ws.put('batteries', '7', { ...ws.get('batteries', '7')!, status: 'Charging' })
 * const undo = await db.transaction().execute((trx) => ws.flush(trx))
 */
export function createWorkingSet(): WorkingSet {
  const rows: { [T in MutableTable]: Map<string, MutableRows[T] | null> } = {
    accounts: new Map(),
    balances: new Map(),
    supers: new Map(),
    batteries: new Map(),
    swaps: new Map(),
    meta: new Map(),
  }
  const before: { [T in MutableTable]: Map<string, MutableRows[T] | null> } = {
    accounts: new Map(),
    balances: new Map(),
    supers: new Map(),
    batteries: new Map(),
    swaps: new Map(),
    meta: new Map(),
  }
  const appended: WorkingSet['appended'] = { events: [], battery_events: [], ledger: [] }

  return {
    async load(db, keys) {
      for (const table of Object.keys(keys) as MutableTable[]) {
        const have = rows[table] as Map<string, unknown>
        const missing = [...new Set(keys[table])].filter((k) => !have.has(k))
        const column = keyColumn[table]
        for (let i = 0; i < missing.length; i += PARAMETERS) {
          const part = missing.slice(i, i + PARAMETERS)
          const found = (await db
            .selectFrom(table)
            .selectAll()
            .where(column as never, 'in', part as never)
            .execute()) as unknown as Record<string, unknown>[]
          for (const k of part) have.set(k, null)
          for (const r of found) have.set(String(r[column]), normalize(r))
        }
      }
    },
    get(table, key) {
      return rows[table].get(key) ?? undefined
    },
    put(table, key, row) {
      const old = before[table] as Map<string, unknown>
      if (!old.has(key)) old.set(key, rows[table].get(key) ?? null)
      ;(rows[table] as Map<string, unknown>).set(key, row)
    },
    appended,
    async flush(trx) {
      const undo: Undo = {}
      for (const table of Object.keys(before) as MutableTable[]) {
        const changed = before[table] as Map<string, unknown>
        if (changed.size === 0) continue
        ;(undo as Record<string, unknown>)[table] = [...changed]
        const now = [...changed.keys()].map((k) => [k, rows[table].get(k) ?? null] as const)
        await writeRows(trx, table, now.filter(([, r]) => r !== null).map(([, r]) => r as MutableRows[MutableTable]))
        await deleteRows(trx, table, now.filter(([, r]) => r === null).map(([k]) => k))
      }
      await insertRows(trx, 'events', appended.events)
      await insertRows(trx, 'battery_events', appended.battery_events)
      await insertRows(trx, 'ledger', appended.ledger)
      return undo
    },
  }
}

/** Puts rows back as `undo` says they were. */
export async function applyUndo(trx: Transaction<IndexTables>, undo: Undo): Promise<void> {
  for (const table of Object.keys(undo) as MutableTable[]) {
    const entries = (undo[table] ?? []) as [string, MutableRows[MutableTable] | null][]
    await writeRows(trx, table, entries.filter(([, r]) => r !== null).map(([, r]) => r!))
    await deleteRows(trx, table, entries.filter(([, r]) => r === null).map(([k]) => k))
  }
}

async function writeRows(trx: Transaction<IndexTables>, table: MutableTable, list: MutableRows[MutableTable][]): Promise<void> {
  if (list.length === 0) return
  const columns = Object.keys(list[0]!)
  const key = keyColumn[table]
  for (let i = 0; i < list.length; i += Math.floor(PARAMETERS / columns.length)) {
    await trx
      .insertInto(table)
      .values(list.slice(i, i + Math.floor(PARAMETERS / columns.length)) as never)
      .onConflict((oc) => {
        const others = columns.filter((c) => c !== key)
        const target = oc.column(key as never)
        return others.length === 0 ? target.doNothing() : target.doUpdateSet(Object.fromEntries(others.map((c) => [c, (eb: { ref(c: string): unknown }) => eb.ref(`excluded.${c}`)])) as never)
      })
      .execute()
  }
}

async function deleteRows(trx: Transaction<IndexTables>, table: MutableTable, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += PARAMETERS) {
    await trx
      .deleteFrom(table)
      .where(keyColumn[table] as never, 'in', keys.slice(i, i + PARAMETERS) as never)
      .execute()
  }
}

async function insertRows<T extends 'events' | 'battery_events' | 'ledger'>(trx: Transaction<IndexTables>, table: T, list: IndexTables[T][]): Promise<void> {
  if (list.length === 0) return
  const per = Math.floor(PARAMETERS / Object.keys(list[0]!).length)
  for (let i = 0; i < list.length; i += per) await trx.insertInto(table).values(list.slice(i, i + per) as never).execute()
}

/** Rows as the engines return them (int8 as string or bigint, numeric as string) in one shape: int8 as numbers. */
function normalize(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(r)) out[k] = typeof v === 'bigint' ? Number(v) : v
  return out
}
