import type { Kysely } from 'kysely'
import { getAddress, type Address, type Hex } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'
import type { roleNames } from '../../sdk/enums.js'
import type { PassportInfo } from '../../sdk/passport/passportTypes.js'
import type { IndexTables } from './IndexTables.js'
import type { IndexedEvent } from '../events/IndexedEvent.js'
import type { PageQuery, Page } from './queries/Page.js'
import { queryAccounts, type AccountRow } from './queries/queryAccounts.js'
import { batteryFromRow, queryBatteries, type IndexedBattery } from './queries/queryBatteries.js'
import { queryBatteryHistory } from './queries/queryBatteryHistory.js'
import { queryConditionHistory, type ConditionHistoryEntry } from './queries/queryConditionHistory.js'
import { queryEventsSince } from './queries/queryEventsSince.js'
import { queryLedger, type LedgerPage, type LedgerQuery } from './queries/queryLedger.js'
import { queryStock, type StockRow } from './queries/queryStock.js'
import { querySwaps, swapFromRow, type IndexedSwap } from './queries/querySwaps.js'
import { querySwapsByDay, type SwapDay } from './queries/querySwapsByDay.js'
import { querySwapsByHour, type SwapHour } from './queries/querySwapsByHour.js'
import { queryDaySwaps, type SwapWithTerms } from './queries/queryDaySwaps.js'
import { queryLedgerByDay, type LedgerDay } from './queries/queryLedgerByDay.js'

export type IndexedAccount = { address: Address; role: (typeof roleNames)[number]; unit: number }

/** What the station's index answers: each list a page at a time, from the database. */
export type IndexReader = {
  account(address: Address): Promise<IndexedAccount | undefined>
  /** The registered account of a unit (an EV's or a station's). */
  accountOfUnit(unit: number): Promise<IndexedAccount | undefined>
  /** Registered accounts and super accounts, with balances. */
  accounts(q?: PageQuery & { role?: AccountRow['role'] }): Promise<Page<AccountRow>>
  /** E-coin balance from `Transfer` events (cents). */
  balanceOf(address: Address): Promise<bigint>
  battery(id: number): Promise<IndexedBattery | undefined>
  batteries(q?: PageQuery & { holder?: number; status?: string }): Promise<Page<IndexedBattery>>
  /** The battery id a `BatteryRegistered` event with this tag gave. */
  registration(tag: Hex): Promise<number | undefined>
  /** The tag a battery was registered with (its device's identifier of the pack). */
  tagOf(batteryId: number): Promise<Hex | undefined>
  /** Every event that concerns a battery, oldest (or newest) first. */
  history(batteryId: number, q?: PageQuery & { newest?: boolean }): Promise<Page<IndexedEvent & { time?: number }>>
  /** A battery's passport properties and every condition reading since its registration, each with its health. */
  conditionHistory(batteryId: number): Promise<{ passport: PassportInfo | null; readings: ConditionHistoryEntry[] }>
  swap(id: number): Promise<IndexedSwap | undefined>
  /** Swaps involving `unit` (as the EV's or the station's unit), optionally with one status. Oldest first. */
  swaps(q?: PageQuery & { unit?: number; status?: string; newest?: boolean }): Promise<Page<IndexedSwap>>
  swapsByDay(q?: { stationUnit?: number; from?: number; to?: number; limit?: number }): Promise<SwapDay[]>
  /** A unit's swaps on one UTC day (`day`: its 00:00, unix seconds), 24 rows by hour. */
  swapsByHour(q: { unit: number; day: number }): Promise<SwapHour[]>
  /** A unit's swaps requested from `from` to `to` (unix seconds), with their difference and fee, oldest first. */
  daySwaps(q: { unit: number; from: number; to: number }): Promise<SwapWithTerms[]>
  /** An account's E-coin in and out per UTC day and kind of movement. */
  ledgerByDay(account: Address, q: { from: number; to: number }): Promise<LedgerDay[]>
  /** Batteries by holder and status. */
  stock(q?: { holder?: number }): Promise<StockRow[]>
  eventsSince(block: number, q?: PageQuery): Promise<Page<IndexedEvent & { time?: number }>>
  /** An account's E-coin movements, newest first. */
  ledger(account: Address, q?: LedgerQuery): Promise<LedgerPage>
}

/**
 * The index's questions, bound to the station's database: each is one query function of `queries/`, with
 * its own test; the point reads are one-line lookups here.
 *
 * @example
 * const reader = createIndexReader(db, deployment)
 * const { items } = await reader.batteries({ holder: stationUnit(1) })
 */
export function createIndexReader(db: Kysely<IndexTables>, deployment: Deployment): IndexReader {
  return {
    async account(address) {
      const r = await db.selectFrom('accounts').selectAll().where('address', '=', getAddress(address)).executeTakeFirst()
      return r && { address: r.address as Address, role: r.role as IndexedAccount['role'], unit: Number(r.unit) }
    },
    async accountOfUnit(unit) {
      const r = await db.selectFrom('accounts').selectAll().where('unit', '=', unit).executeTakeFirst()
      return r && { address: r.address as Address, role: r.role as IndexedAccount['role'], unit: Number(r.unit) }
    },
    accounts: (q) => queryAccounts(db, q),
    async balanceOf(address) {
      const r = await db.selectFrom('balances').select('balance').where('address', '=', getAddress(address)).executeTakeFirst()
      return BigInt(r?.balance ?? '0')
    },
    async battery(id) {
      const r = await db.selectFrom('batteries').selectAll().where('id', '=', id).executeTakeFirst()
      return r && batteryFromRow(r)
    },
    batteries: (q) => queryBatteries(db, q),
    async registration(tag) {
      const r = await db.selectFrom('batteries').select('id').where('tag', '=', tag.toLowerCase()).executeTakeFirst()
      return r && Number(r.id)
    },
    async tagOf(id) {
      const r = await db.selectFrom('batteries').select('tag').where('id', '=', id).executeTakeFirst()
      return r?.tag as Hex | undefined
    },
    history: (id, q) => queryBatteryHistory(db, id, q),
    conditionHistory: (id) => queryConditionHistory(db, id),
    async swap(id) {
      const r = await db.selectFrom('swaps').selectAll().where('id', '=', id).executeTakeFirst()
      return r && swapFromRow(r)
    },
    swaps: (q) => querySwaps(db, q),
    swapsByDay: (q) => querySwapsByDay(db, q),
    swapsByHour: (q) => querySwapsByHour(db, q),
    daySwaps: (q) => queryDaySwaps(db, q),
    ledgerByDay: (account, q) => queryLedgerByDay(db, account, q),
    stock: (q) => queryStock(db, q),
    eventsSince: (block, q) => queryEventsSince(db, block, q),
    ledger: (account, q) => queryLedger(db, deployment, account, q),
  }
}
