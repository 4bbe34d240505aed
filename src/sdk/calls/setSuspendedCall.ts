import { encodeFunctionData, type Address } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'

export type SetSuspendedCallParameters = { account: Address; suspended: boolean }

/**
 * Super account: suspends one registered account (a stolen device's key, for example) or lifts its
 * suspension. A suspended account can do nothing, and its batteries and E-coin stay as they are.
 *
 * @example
 * const call = setSuspendedCall(deployment, { account: '0x…', suspended: true })
 */
export function setSuspendedCall(d: Pick<Deployment, 'batteryInterface'>, p: SetSuspendedCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'setSuspended', args: [p.account, p.suspended] }),
    gas: 80_000n,
    label: 'setSuspended',
  }
}
