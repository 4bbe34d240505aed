import { type PublicClient } from 'viem'
import { batteryProcessAbi } from '../abi/batteryProcess.js'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import { fromStaticInfoStruct } from '../staticInfo.js'
import { batteryStatusNames } from '../enums.js'
import type { BatteryView } from './types.js'

/**
 * Reads a battery's static and dynamic info, static hash, price and state of health; `null` when no battery
 * has this id.
 *
 * @example
 * const b = await getBattery(client, deployment, 1)
 */
export async function getBattery(
  client: PublicClient,
  d: Pick<Deployment, 'batteryProcess' | 'batteryInterface'>,
  id: number,
): Promise<BatteryView | null> {
  if (!Number.isInteger(id) || id < 1 || id > 0xffffffff) return null
  const count = await client.readContract({ address: d.batteryProcess, abi: batteryProcessAbi, functionName: 'batteryCount' })
  if (id > count) return null
  const [[s, dyn], staticHash, price, health] = await Promise.all([
    client.readContract({ address: d.batteryProcess, abi: batteryProcessAbi, functionName: 'getBattery', args: [id] }),
    client.readContract({ address: d.batteryProcess, abi: batteryProcessAbi, functionName: 'staticHashOf', args: [id] }),
    client.readContract({ address: d.batteryInterface, abi: batteryInterfaceAbi, functionName: 'priceOf', args: [id] }),
    client.readContract({ address: d.batteryProcess, abi: batteryProcessAbi, functionName: 'healthOf', args: [id] }),
  ])
  return {
    id,
    staticInfo: fromStaticInfoStruct(s),
    dynamicInfo: { ...dyn, status: batteryStatusNames[dyn.status] ?? 'None' },
    staticHash,
    price,
    // Registration with a passport records a first condition, so a reading's time tells a passport battery.
    health: health.at > 0 ? { stateOfCertifiedEnergyPermille: health.reported ? health.stateOfCertifiedEnergyPermille : null, exhausted: health.exhausted, at: health.at } : null,
  }
}
