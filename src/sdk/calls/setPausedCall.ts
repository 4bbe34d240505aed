import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'

export type SetPausedCallParameters = { paused: boolean }

/**
 * Super account: pauses or resumes user operations.
 *
 * @example
 * const call = setPausedCall(deployment, { paused: true })
 */
export function setPausedCall(d: Pick<Deployment, 'batteryInterface'>, p: SetPausedCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'setPaused', args: [p.paused] }),
    gas: 60_000n,
    label: 'setPaused',
  }
}
