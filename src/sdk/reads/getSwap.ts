import type { PublicClient } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import { swapStatusNames } from '../enums.js'
import type { SwapView } from './types.js'

/**
 * A swap request; `null` when no swap has this id.
 *
 * @example
 * const s = await getSwap(client, deployment, 1)
 */
export async function getSwap(client: PublicClient, d: Pick<Deployment, 'batteryInterface'>, id: number): Promise<SwapView | null> {
  if (!Number.isInteger(id) || id < 1 || id > 0xffffffff) return null
  const s = await client.readContract({ address: d.batteryInterface, abi: batteryInterfaceAbi, functionName: 'getSwap', args: [id] })
  if (s.status === 0) return null
  return {
    id,
    evOwner: s.evOwner,
    evBatteryId: s.evBatteryId,
    stationBatteryId: s.stationBatteryId,
    stationUnit: s.stationUnit,
    status: swapStatusNames[s.status] ?? 'None',
    difference: s.difference,
    fee: s.fee,
    escrow: s.escrow,
  }
}
