import { getAddress, type Address } from 'viem'
import { BatteryStatus } from '../../sdk/enums.js'
import type { IndexedEvent } from './IndexedEvent.js'

/** What an E-coin movement was, as a ledger says it. */
export type LedgerKind = 'grant' | 'escrow' | 'settlement' | 'refund' | 'fee' | 'transfer'

/** The operation that moved the E-coin: a swap step, a grant, or the battery operation a fee paid for. */
export type LedgerCause =
  | { event: 'ECoinGranted' }
  | { event: 'SwapRequested' | 'SwapApproved' | 'SwapDenied' | 'SwapCancelled'; swapId: number }
  | { event: 'BatteryRegistered' | 'BatteryCharged' | 'BatteryDischarged' | 'BatteryRecycled'; batteryId: number }
  | { event: 'BatteryHeld' | 'BatteryHoldEnded'; batteryId: number }

/** One `Transfer` of a call, classified. */
export type LedgerMovement = { transfer: IndexedEvent; from: Address; to: Address; value: bigint; kind: LedgerKind; cause?: LedgerCause }

export type ClassifyTransfersParameters = {
  batteryInterface: Address
  /** Where fees go now (the last `TreasurySet`). */
  treasury: Address
  /** The fee a swap fixed at its request, if the swap is known. */
  swapFee(swapId: number): bigint | undefined
}

const ZERO = '0x0000000000000000000000000000000000000000'
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/**
 * Classifies the E-coin `Transfer`s of ONE contract call (the events between two `ExecutedForwardRequest`s
 * of a relayed batch, or a whole direct transaction), from what BatteryInterface does in each operation:
 * - `grantECoin` mints (from the zero address): a grant;
 * - `requestSwap` moves max(difference, 0) + fee from the EV owner to BatteryInterface: an escrow;
 * - `approveSwap` pays the difference (from the escrow to the station, or from the station to the EV owner
 *   when negative), then the fee from the escrow to the treasury, in that order: settlement, then fee;
 * - `denySwap` / `cancelSwap` give the escrow back from BatteryInterface: a refund;
 * - `registerBattery`, `charge`, `discharge`, `recycle` pay their fee to the treasury: a fee.
 * - A battery hold's fee, in any call that takes or ends holds (`holdBattery`, `releaseHold`, `requestSwap`),
 *   is the transfer just before its `BatteryHeld` (an escrow) or `BatteryHoldEnded` (back to the EV owner: a
 *   refund; to the station or the treasury: a fee) event, and is classified by that event, not by the call.
 * Anything else (a holder's own ERC-20 transfer) is a transfer.
 *
 * @example
 * classifyTransfers(callEvents, { batteryInterface, treasury, swapFee: (id) => swaps.get(id)?.fee })
 * // [{ kind: 'escrow', from: evOwner, to: batteryInterface, value: 4210n, cause: { event: 'SwapRequested', swapId: 2 } }]
 */
export function classifyTransfers(call: readonly IndexedEvent[], p: ClassifyTransfersParameters): LedgerMovement[] {
  const cause = causeOf(call)
  // Each transfer with the event after it in the call: a hold's fee is told by that event.
  const transfers = call.flatMap((e, at) => (e.event === 'Transfer' ? [{ transfer: e, next: call[at + 1] }] : []))
  return transfers.map(({ transfer, next }, i) => {
    const from = getAddress(transfer.args.from as string)
    const to = getAddress(transfer.args.to as string)
    const value = transfer.args.value as bigint
    const hold = holdOf(next, from, to)
    if (hold) return { transfer, from, to, value, ...hold }
    const kind = kindOf(from, to, i === transfers.length - 1)
    return { transfer, from, to, value, kind, ...(kind === 'transfer' || !cause ? {} : { cause }) }
  })

  function holdOf(next: IndexedEvent | undefined, from: Address, to: Address): { kind: LedgerKind; cause: LedgerCause } | undefined {
    if (next?.event !== 'BatteryHeld' && next?.event !== 'BatteryHoldEnded') return undefined
    const cause: LedgerCause = { event: next.event, batteryId: Number(next.args.batteryId) }
    if (next.event === 'BatteryHeld') return same(to, p.batteryInterface) ? { kind: 'escrow', cause } : undefined
    if (!same(from, p.batteryInterface)) return undefined
    return { kind: same(to, next.args.evOwner as string) ? 'refund' : 'fee', cause }
  }

  function kindOf(from: Address, to: Address, last: boolean): LedgerKind {
    if (same(from, ZERO)) return 'grant'
    switch (cause?.event) {
      case 'SwapRequested':
        return same(to, p.batteryInterface) ? 'escrow' : 'transfer'
      case 'SwapApproved':
        // The fee transfer is the call's last, and only there when the swap's fee was not 0.
        if (last && same(from, p.batteryInterface) && same(to, p.treasury) && (p.swapFee(cause.swapId) ?? 0n) > 0n) return 'fee'
        return 'settlement'
      case 'SwapDenied':
      case 'SwapCancelled':
        return same(from, p.batteryInterface) ? 'refund' : 'transfer'
      case 'BatteryRegistered':
      case 'BatteryCharged':
      case 'BatteryDischarged':
      case 'BatteryRecycled':
        return same(to, p.treasury) ? 'fee' : 'transfer'
      default:
        return 'transfer'
    }
  }
}

/** The operation of a call: a swap step or grant first (a swap request also changes battery statuses). */
function causeOf(call: readonly IndexedEvent[]): LedgerCause | undefined {
  for (const e of call) {
    if (e.event === 'ECoinGranted') return { event: 'ECoinGranted' }
    if (e.event === 'SwapRequested' || e.event === 'SwapApproved' || e.event === 'SwapDenied' || e.event === 'SwapCancelled') {
      return { event: e.event, swapId: Number(e.args.swapId) }
    }
  }
  for (const e of call) {
    const batteryId = Number(e.args.batteryId)
    if (e.event === 'BatteryRegistered' || e.event === 'BatteryCharged' || e.event === 'BatteryDischarged') return { event: e.event, batteryId }
    if (e.event === 'BatteryStatusChanged' && Number(e.args.status) === BatteryStatus.Recycled) return { event: 'BatteryRecycled', batteryId }
  }
  return undefined
}
