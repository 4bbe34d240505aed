import { encodeFunctionData } from 'viem'
import { batteryInterfaceAbi } from '../abi/batteryInterface.js'
import type { Deployment } from '../deployment.js'
import type { EvswapCall } from './EvswapCall.js'

export type RegisterStationOperatorCallParameters = { account: `0x${string}`; stationId: number }

/**
 * Super account: registers `account` as the operator of station `stationId`.
 *
 * @example
 * const call = registerStationOperatorCall(deployment, { account, stationId: 2 })
 */
export function registerStationOperatorCall(d: Pick<Deployment, 'batteryInterface'>, p: RegisterStationOperatorCallParameters): EvswapCall {
  return {
    to: d.batteryInterface,
    data: encodeFunctionData({ abi: batteryInterfaceAbi, functionName: 'registerStationOperator', args: [p.account, p.stationId] }),
    gas: 120_000n,
    label: 'registerStationOperator',
  }
}
