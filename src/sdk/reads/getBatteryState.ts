import { type PublicClient } from 'viem'
import { batteryProcessAbi } from '../abi/batteryProcess.js'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import { batteryStatusNames } from '../enums.js'
import type { BatteryState } from './types.js'

/**
 * Reads what of a battery can change: its dynamic info and price, with its static hash so a reader holding
 * the static info can tell it still has the right one. `null` when no battery has this id. With
 * `blockNumber`, every value is of that block (else of whatever block each read meets).
 *
 * @example
 * const s = await getBatteryState(client, deployment, 1)
 */
export async function getBatteryState(
  client: PublicClient,
  d: Pick<Deployment, 'batteryProcess' | 'batteryInterface'>,
  id: number,
  at: { blockNumber?: bigint } = {},
): Promise<BatteryState | null> {
  if (!Number.isInteger(id) || id < 1 || id > 0xffffffff) return null
  const count = await client.readContract({ address: d.batteryProcess, abi: batteryProcessAbi, functionName: 'batteryCount', ...at })
  if (id > count) return null
  const [dyn, staticHash, price] = await Promise.all([
    client.readContract({ address: d.batteryProcess, abi: batteryProcessAbi, functionName: 'dynamicInfoOf', args: [id], ...at }),
    client.readContract({ address: d.batteryProcess, abi: batteryProcessAbi, functionName: 'staticHashOf', args: [id], ...at }),
    client.readContract({ address: d.batteryInterface, abi: batteryInterfaceAbi, functionName: 'priceOf', args: [id], ...at }),
  ])
  return { id, dynamicInfo: { ...dyn, status: batteryStatusNames[dyn.status] ?? 'None' }, staticHash, price }
}
