import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import { ForfeitTo, type ForfeitToName } from '../enums.js'
import type { EvswapCall } from './EvswapCall.js'

export type SetHoldTermsCallParameters = { durationSeconds: number; fee: bigint; forfeitTo: ForfeitToName }

/**
 * Super account: sets how long a battery hold lasts, its fee (E-coin cents) and where an unused hold's fee goes.
 *
 * @example
 * const call = setHoldTermsCall(deployment, { durationSeconds: 900, fee: 1_00n, forfeitTo: 'Station' })
 */
export function setHoldTermsCall(d: Pick<Deployment, 'batteryInterface'>, p: SetHoldTermsCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'setHoldTerms', args: [p.durationSeconds, p.fee, ForfeitTo[p.forfeitTo]] }),
    gas: 60_000n,
    label: 'setHoldTerms',
  }
}
