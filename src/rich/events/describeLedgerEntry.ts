import { formatECoin } from '../../sdk/formatECoin.js'
import { describeUnit } from '../../sdk/units.js'
import type { LedgerCause, LedgerKind } from './classifyTransfers.js'
import type { Address } from 'viem'

/** What a ledger keeps of a swap, to say who escrowed, who decides, and what the escrow was made of. */
export type LedgerSwap = { evOwner: Address; stationUnit: number; difference: bigint; fee: bigint }

export type DescribeLedgerEntryParameters = {
  kind: LedgerKind
  /** Signed, from the account's point of view (cents). */
  amount: bigint
  counterparty: Address
  cause?: LedgerCause | undefined
  swap?: LedgerSwap | undefined
  /** A name for an address ("EV 1", "swap escrow"), or its address when it has none. */
  name(address: Address): string
}

const operationWords = {
  BatteryRegistered: 'registering',
  BatteryCharged: 'charging',
  BatteryDischarged: 'discharging',
  BatteryRecycled: 'recycling',
  BatteryHeld: 'holding',
  BatteryHoldEnded: 'releasing',
} as const

/**
 * One line in words, with E-coin, of a ledger entry from its account's point of view ("you").
 *
 * @example
 * describeLedgerEntry({ kind: 'escrow', amount: -4210n, cause: { event: 'SwapRequested', swapId: 2 }, swap, ... })
 * // "escrow for swap 2: 42.10 E-coin (40.00 E-coin price difference + 2.10 E-coin fee) held until station 1 approves or denies"
 */
export function describeLedgerEntry(p: DescribeLedgerEntryParameters): string {
  const coins = formatECoin(p.amount < 0n ? -p.amount : p.amount)
  const paid = p.amount < 0n
  const other = p.name(p.counterparty)
  const cause = p.cause
  const swapId = cause && 'swapId' in cause ? cause.swapId : undefined
  const ev = p.swap ? p.name(p.swap.evOwner) : 'the EV owner'
  const station = p.swap ? describeUnit(p.swap.stationUnit) : 'the station'
  switch (p.kind) {
    case 'grant':
      return `${coins} granted by the super account`
    case 'escrow': {
      if (cause?.event === 'BatteryHeld') {
        return paid
          ? `hold on battery ${cause.batteryId}: ${coins} fee in escrow, back to you when you swap on it`
          : `hold on battery ${cause.batteryId}: ${coins} fee from ${other} in escrow`
      }
      const until = `held until ${station} approves or denies`
      if (!paid) return `escrow for swap ${swapId}: ${coins} from ${ev}, ${until}`
      const parts = p.swap && p.swap.fee > 0n && p.swap.difference > 0n ? ` (${formatECoin(p.swap.difference)} price difference + ${formatECoin(p.swap.fee)} fee)` : p.swap && p.swap.difference <= 0n ? ' (the swap fee)' : ''
      return `escrow for swap ${swapId}: ${coins}${parts} ${until}`
    }
    case 'settlement':
      if (p.swap && p.swap.difference < 0n) {
        // A negative difference: the EV's battery was worth more, so the station pays the EV owner.
        return paid
          ? `swap ${swapId} settled: you pay ${ev} ${coins}, the price difference (its battery was worth more than yours)`
          : `swap ${swapId} settled: ${station} pays you ${coins}, the price difference (your battery was worth more)`
      }
      return paid ? `swap ${swapId} settled: ${coins} of ${ev}'s escrow paid to ${station}` : `swap ${swapId} settled: ${coins}, the price difference, paid to you from ${ev}'s escrow`
    case 'refund': {
      if (cause?.event === 'BatteryHoldEnded') return `hold on battery ${cause.batteryId} ended: its fee of ${coins} ${paid ? `returned to ${other}` : 'returned to you'}`
      const what = cause?.event === 'SwapDenied' ? `denied by ${station}` : `cancelled by ${ev}`
      return `swap ${swapId} ${what}: the escrow of ${coins} ${paid ? `returned to ${ev}` : 'returned to you'}`
    }
    case 'fee': {
      if (cause?.event === 'BatteryHoldEnded') {
        return paid ? `hold on battery ${cause.batteryId} ended unused: its fee of ${coins} paid to ${other}` : `hold on battery ${cause.batteryId} ended unused: its fee of ${coins} is yours`
      }
      if (swapId !== undefined) return paid ? `fee for swap ${swapId}: ${coins} of ${ev}'s escrow paid to the treasury` : `fee for swap ${swapId}: ${coins} from ${ev}'s escrow`
      const what = cause && 'batteryId' in cause ? `${operationWords[cause.event]} battery ${cause.batteryId}` : 'an operation'
      return paid ? `fee for ${what}: ${coins} paid to the treasury` : `fee for ${what} by ${other}: ${coins}`
    }
    case 'transfer':
      return paid ? `${coins} sent to ${other}` : `${coins} received from ${other}`
  }
}
