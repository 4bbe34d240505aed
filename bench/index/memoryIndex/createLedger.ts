import { getAddress, isAddressEqual, type Address } from 'viem'
import type { Deployment } from '../../../src/sdk/deployment.js'
import { classifyTransfers, type LedgerCause } from '../../../src/rich/events/classifyTransfers.js'
import type { IndexedEvent } from '../../../src/rich/events/IndexedEvent.js'
import type { Journal } from './createJournal.js'
import { describeLedgerEntry, type LedgerSwap } from '../../../src/rich/events/describeLedgerEntry.js'

import { LEDGER_DEFAULT_LIMIT, LEDGER_MAX_LIMIT, type LedgerEntry, type LedgerPage, type LedgerQuery } from '../../../src/rich/store/queries/queryLedger.js'

/** The ledger's question: an account's entries, newest first, a page at a time. */
export type LedgerReader = { entries(account: Address, query?: LedgerQuery): LedgerPage }

export type Ledger = LedgerReader & {
  /** Adds the movements of `events` (in chain order; every call's events together, as a block's are). */
  apply(events: readonly IndexedEvent[], timeOf: (blockNumber: number) => number | undefined): void
  /** Forgets everything (the index starts again from the deployment). */
  clear(): void
}

export type CreateLedgerParameters = {
  deployment: Deployment
  /** Every change goes through it, so a chain reorganization undoes the ledger with the rest of the index. */
  journal: Journal
  /** The name of a registered account or the super account ("EV 1", "the super account"), if it has one. */
  nameOf(address: Address): string | undefined
}


/** What the ledger stores: the entry without the words, which are made when asked (names may come later). */
type Row = Omit<LedgerEntry, 'counterpartyName' | 'description' | 'swapId' | 'batteryId'> & { cause?: LedgerCause }

const ZERO: Address = '0x0000000000000000000000000000000000000000'

/**
 * Every account's E-coin movements, from `Transfer` events classified by the BatteryInterface operation of
 * the same call (grant, escrow, settlement, refund, fee, or a plain transfer), each with the running
 * balance. The chain index feeds it block by block through its journal; it is kept in memory with the
 * index, behind {@link LedgerReader}, the one question a store must answer.
 *
 * @example
 * const ledger = createLedger({ deployment, journal, nameOf })
 * ledger.apply(blockEvents, () => blockTimestamp)
 * ledger.entries(evOwner, { limit: 2 }) // { entries: [newest, next], next: '41:3' }
 */
export function createLedger(p: CreateLedgerParameters): Ledger {
  const { deployment, journal } = p
  const rows = new Map<string, Row[]>()
  const swaps = new Map<number, LedgerSwap>()
  // The constructor emits TreasurySet(superAccount) in the deployment block, which the index reads.
  const state = { treasury: getAddress(deployment.superAccount) }

  const key = (a: string) => a.toLowerCase()
  const push = (account: Address, row: Omit<Row, 'balanceAfter'>) => {
    let list = rows.get(key(account))
    if (!list) journal.set(rows, key(account), (list = []))
    journal.push(list, { ...row, balanceAfter: (list.at(-1)?.balanceAfter ?? 0n) + row.amount })
  }
  const name = (address: Address): string | undefined => {
    if (isAddressEqual(address, deployment.batteryInterface)) return 'swap escrow'
    if (isAddressEqual(address, ZERO)) return 'the super account'
    return p.nameOf(address) ?? (isAddressEqual(address, state.treasury) ? 'the treasury' : undefined)
  }

  /** Remembers what the classification and the words need: the treasury and each swap's terms. */
  function follow(e: IndexedEvent): void {
    if (e.event === 'TreasurySet') journal.assign(state, 'treasury', getAddress(e.args.treasury as string))
    if (e.event === 'SwapRequested') {
      journal.set(swaps, Number(e.args.swapId), {
        evOwner: getAddress(e.args.evOwner as string),
        stationUnit: Number(e.args.stationUnit),
        difference: BigInt(e.args.difference as bigint),
        fee: BigInt(e.args.fee as bigint),
      })
    }
  }

  function applyCall(call: IndexedEvent[], timeOf: (blockNumber: number) => number | undefined): void {
    for (const m of classifyTransfers(call, { batteryInterface: deployment.batteryInterface, treasury: state.treasury, swapFee: (id) => swaps.get(id)?.fee })) {
      const t = m.transfer
      const time = timeOf(t.blockNumber)
      const base = { blockNumber: t.blockNumber, logIndex: t.logIndex, txHash: t.txHash, kind: m.kind, ...(time ? { time } : {}), ...(m.cause ? { cause: m.cause } : {}) }
      // A transfer to itself moves nothing, so it is no entry (and each entry's block:logIndex stays unique).
      if (isAddressEqual(m.from, m.to)) continue
      if (!isAddressEqual(m.from, ZERO)) push(m.from, { ...base, amount: -m.value, counterparty: m.to })
      push(m.to, { ...base, amount: m.value, counterparty: m.from })
    }
    for (const e of call) follow(e)
  }

  return {
    apply(events, timeOf) {
      // A call ends at its forwarder's ExecutedForwardRequest (a relayed batch holds many), or with its transaction.
      let call: IndexedEvent[] = []
      for (const e of events) {
        if (call.length > 0 && call[0]!.txHash !== e.txHash) {
          applyCall(call, timeOf)
          call = []
        }
        call.push(e)
        if (e.event === 'ExecutedForwardRequest' && isAddressEqual(e.address, deployment.forwarder)) {
          applyCall(call, timeOf)
          call = []
        }
      }
      if (call.length > 0) applyCall(call, timeOf)
    },
    entries(account, query = {}) {
      const list = rows.get(key(account)) ?? []
      const limit = Math.min(Math.max(1, query.limit ?? LEDGER_DEFAULT_LIMIT), LEDGER_MAX_LIMIT)
      const end = query.before === undefined ? list.length : firstAtOrAfter(list, parseCursor(query.before))
      const start = Math.max(0, end - limit)
      const entries = list.slice(start, end).reverse().map((r) => toEntry(r))
      const oldest = list[start]
      return start > 0 && oldest ? { entries, next: `${oldest.blockNumber}:${oldest.logIndex}` } : { entries }
    },
    clear() {
      rows.clear()
      swaps.clear()
      state.treasury = getAddress(deployment.superAccount)
    },
  }

  function toEntry(r: Row): LedgerEntry {
    const { cause, ...row } = r
    const swapId = cause && 'swapId' in cause ? cause.swapId : undefined
    const counterpartyName = name(r.counterparty)
    return {
      ...row,
      ...(counterpartyName ? { counterpartyName } : {}),
      ...(swapId !== undefined ? { swapId } : {}),
      ...(cause && 'batteryId' in cause ? { batteryId: cause.batteryId } : {}),
      description: describeLedgerEntry({
        kind: r.kind,
        amount: r.amount,
        counterparty: r.counterparty,
        cause,
        swap: swapId === undefined ? undefined : swaps.get(swapId),
        name: (a) => name(a) ?? a,
      }),
    }
  }
}

/** "41:3" → [41, 3]; a cursor the ledger handed out, or one a client typed (the route checks its shape). */
function parseCursor(cursor: string): [number, number] {
  const m = /^(\d+):(\d+)$/.exec(cursor)
  if (!m) throw new RangeError(`a ledger cursor is block:logIndex, not "${cursor}"`)
  return [Number(m[1]), Number(m[2])]
}

/** Index of the first row at or after (block, logIndex): rows are in chain order. */
function firstAtOrAfter(list: readonly Row[], [block, logIndex]: [number, number]): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const r = list[mid]!
    if (r.blockNumber < block || (r.blockNumber === block && r.logIndex < logIndex)) lo = mid + 1
    else hi = mid
  }
  return lo
}
