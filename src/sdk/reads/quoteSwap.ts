import type { PublicClient } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'

export type QuoteSwapReturnType = { difference: bigint; fee: bigint; cost: bigint }

/**
 * What swapping `evBatteryId` for `stationBatteryId` costs now (cents): the price difference, the fee, and
 * what the EV owner pays on request (max(difference, 0) + fee).
 *
 * @example
 * const { cost } = await quoteSwap(client, deployment, 1, 3)
 */
export async function quoteSwap(
  client: PublicClient,
  d: Pick<Deployment, 'batteryInterface'>,
  evBatteryId: number,
  stationBatteryId: number,
): Promise<QuoteSwapReturnType> {
  const [difference, fee, cost] = await client.readContract({
    address: d.batteryInterface,
    abi: batteryInterfaceAbi,
    functionName: 'quoteSwap',
    args: [evBatteryId, stationBatteryId],
  })
  return { difference, fee, cost }
}
