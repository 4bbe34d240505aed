import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import { lifeStatusNames } from '../passport/passportStructs.js'
import type { EvswapCall } from './EvswapCall.js'

export type SetLifeStatusCallParameters = { batteryId: number; status: 'repurposed' | 'reused' | 'remanufactured' }

/**
 * Station: gives a battery it owns and holds the passport life status repurposed, reused or remanufactured
 * (recycling makes it waste).
 *
 * @example
 * const call = setLifeStatusCall(deployment, { batteryId: 4, status: 'repurposed' })
 */
export function setLifeStatusCall(d: Pick<Deployment, 'batteryInterface'>, p: SetLifeStatusCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'setLifeStatus', args: [p.batteryId, lifeStatusNames.indexOf(p.status)] }),
    gas: 80_000n,
    label: 'setLifeStatus',
  }
}
