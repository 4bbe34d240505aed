import type { SwapTerms } from './SwapTerms.js'

/** A `SwapRequested` event's arguments (swapId, evBatteryId, stationBatteryId, difference) as decoded (numbers, bigints) or as a station's API writes them (decimal strings). */
export type SwapRequestedArgs = Readonly<Record<string, unknown>>

/**
 * The terms an approval or denial names, from the `SwapRequested` event that the decider saw. (From a
 * `SwapView`, spread it: `{ swapId: s.id, ...s }`.)
 *
 * @example
 * const requested = await agent.operate(requestSwapCall(d, { evBatteryId: 7, stationBatteryId: 3, maxCost }))
 * const terms = swapTermsOf(requested.events.find((e) => e.event === 'SwapRequested')!.args)
 * await station.operate(approveSwapCall(d, terms))
 */
export function swapTermsOf(args: SwapRequestedArgs): SwapTerms {
  return {
    swapId: Number(args.swapId),
    evBatteryId: Number(args.evBatteryId),
    stationBatteryId: Number(args.stationBatteryId),
    difference: BigInt(args.difference as string | number | bigint),
  }
}
