import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'
import { Operation, type OperationName } from '../enums.js'
export type SetFeeCallParameters = { operation: OperationName; fee: bigint }

/**
 * Super account: sets the E-coin fee (cents) of an operation.
 *
 * @example
 * const call = setFeeCall(deployment, { operation: 'Swap', fee: 5_00n })
 */
export function setFeeCall(d: Pick<Deployment, 'batteryInterface'>, p: SetFeeCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'setFee', args: [Operation[p.operation], p.fee] }),
    gas: 60_000n,
    label: 'setFee',
  }
}
