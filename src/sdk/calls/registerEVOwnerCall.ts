import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'

export type RegisterEVOwnerCallParameters = { account: `0x${string}`; evId: number }

/**
 * Super account: registers `account` as the owner of EV `evId`.
 *
 * @example
 * const call = registerEVOwnerCall(deployment, { account, evId: 7 })
 */
export function registerEVOwnerCall(d: Pick<Deployment, 'batteryInterface'>, p: RegisterEVOwnerCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'registerEVOwner', args: [p.account, p.evId] }),
    gas: 120_000n,
    label: 'registerEVOwner',
  }
}
