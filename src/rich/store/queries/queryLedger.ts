import { getAddress, isAddressEqual, type Address, type Hash } from 'viem'
import type { Kysely } from 'kysely'
import type { Deployment } from '../../../sdk/deployment.js'
import { describeUnit } from '../../../sdk/units.js'
import type { LedgerCause, LedgerKind } from '../../events/classifyTransfers.js'
import { describeLedgerEntry, type LedgerSwap } from '../../events/describeLedgerEntry.js'
import type { IndexTables } from '../IndexTables.js'
import { parseEventCursor } from './Page.js'

/** One E-coin movement of one account, as the station API answers it. */
export type LedgerEntry = {
  blockNumber: number
  logIndex: number
  /** The block's timestamp (unix seconds), when the node gave it. */
  time?: number
  txHash: Hash
  kind: LedgerKind
  /** Signed from the account's point of view, in cents: negative when it paid. */
  amount: bigint
  counterparty: Address
  counterpartyName?: string
  swapId?: number
  batteryId?: number
  description: string
  /** The account's balance after this entry, in cents. */
  balanceAfter: bigint
}

/** A page of a ledger, newest first; `next` is the `before` cursor of the page after it, when there is one. */
export type LedgerPage = { entries: LedgerEntry[]; next?: string }

export type LedgerQuery = {
  /** Most entries (default 50, at most 500). */
  limit?: number
  /** Only entries older than this cursor, `block:logIndex` (a `next` of an earlier page). */
  before?: string
}

export const LEDGER_DEFAULT_LIMIT = 50
export const LEDGER_MAX_LIMIT = 500

const ZERO: Address = '0x0000000000000000000000000000000000000000'

/**
 * An account's E-coin movements (grants, escrow, settlement, refunds, fees, transfers), newest first, a page
 * at a time, each with the running balance and a line in words. Names ("EV 1", "the treasury") are looked
 * up when asked, so an account registered later is named in older entries too.
 *
 * @example
 * await queryLedger(db, deployment, evOwner, { limit: 2 }) // { entries: [newest, next], next: '41:3' }
 */
export async function queryLedger(db: Kysely<IndexTables>, deployment: Deployment, account: Address, q: LedgerQuery = {}): Promise<LedgerPage> {
  const limit = Math.min(Math.max(1, q.limit ?? LEDGER_DEFAULT_LIMIT), LEDGER_MAX_LIMIT)
  let query = db.selectFrom('ledger').selectAll().where('account', '=', getAddress(account))
  if (q.before !== undefined) {
    const [block, logIndex] = parseEventCursor(q.before)
    query = query.where((w) => w.or([w('block', '<', block), w.and([w('block', '=', block), w('log_index', '<', logIndex)])]))
  }
  const rows = await query.orderBy('block', 'desc').orderBy('log_index', 'desc').limit(limit + 1).execute()
  const kept = rows.slice(0, limit)

  const swapIds = [...new Set(kept.flatMap((r) => (r.swap_id === null ? [] : [Number(r.swap_id)])))]
  const swaps = swapIds.length ? await db.selectFrom('swaps').select(['id', 'ev_owner', 'station_unit', 'difference', 'fee']).where('id', 'in', swapIds).execute() : []
  // Everyone the lines name: counterparties, and the EV owners of the swaps they are about.
  const named = [...new Set([...kept.map((r) => r.counterparty), ...swaps.map((s) => s.ev_owner)])]
  const [accounts, supers, treasury] = await Promise.all([
    named.length ? db.selectFrom('accounts').select(['address', 'unit']).where('address', 'in', named).execute() : [],
    named.length ? db.selectFrom('supers').select('address').where('address', 'in', named).execute() : [],
    db.selectFrom('meta').select('value').where('key', '=', 'treasury').executeTakeFirst(),
  ])
  const units = new Map(accounts.map((a) => [a.address, Number(a.unit)]))
  const superSet = new Set(supers.map((s) => s.address))
  const swapOf = new Map<number, LedgerSwap>(
    swaps.map((s) => [Number(s.id), { evOwner: s.ev_owner as Address, stationUnit: Number(s.station_unit), difference: BigInt(s.difference), fee: BigInt(s.fee) }]),
  )
  const treasuryAddress = getAddress(treasury?.value ?? deployment.superAccount)
  const name = (address: Address): string | undefined => {
    if (isAddressEqual(address, deployment.batteryInterface)) return 'swap escrow'
    if (isAddressEqual(address, ZERO)) return 'the super account'
    const unit = units.get(address)
    if (unit) return describeUnit(unit)
    if (superSet.has(address)) return 'the super account'
    return isAddressEqual(address, treasuryAddress) ? 'the treasury' : undefined
  }

  const entries = kept.map((r): LedgerEntry => {
    const counterparty = r.counterparty as Address
    const cause = causeOf(r)
    const swapId = r.swap_id === null ? undefined : Number(r.swap_id)
    const counterpartyName = name(counterparty)
    const amount = BigInt(r.amount)
    return {
      blockNumber: Number(r.block),
      logIndex: Number(r.log_index),
      ...(r.time ? { time: Number(r.time) } : {}),
      txHash: r.tx_hash as Hash,
      kind: r.kind as LedgerKind,
      amount,
      counterparty,
      ...(counterpartyName ? { counterpartyName } : {}),
      ...(swapId !== undefined ? { swapId } : {}),
      ...(r.battery_id !== null ? { batteryId: Number(r.battery_id) } : {}),
      description: describeLedgerEntry({ kind: r.kind as LedgerKind, amount, counterparty, cause, swap: swapId === undefined ? undefined : swapOf.get(swapId), name: (a) => name(a) ?? a }),
      balanceAfter: BigInt(r.balance_after),
    }
  })
  const last = kept.at(-1)
  return rows.length > limit && last ? { entries, next: `${last.block}:${last.log_index}` } : { entries }
}

function causeOf(r: IndexTables['ledger']): LedgerCause | undefined {
  if (r.cause_event === null) return undefined
  if (r.cause_event === 'ECoinGranted') return { event: 'ECoinGranted' }
  if (r.swap_id !== null) return { event: r.cause_event as 'SwapRequested', swapId: Number(r.swap_id) }
  return { event: r.cause_event as 'BatteryCharged', batteryId: Number(r.battery_id) }
}
