import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Hex } from 'viem'
import { evswapAbi } from './evswapAbi.js'

export type DecodedEvswapError = { name: string; args: readonly unknown[]; message: string }

const stringify = (v: unknown) => (typeof v === 'bigint' ? v.toString() : typeof v === 'string' ? v : JSON.stringify(v))

/**
 * Turns a revert (from viem, or raw revert data) into the contract's custom error name and arguments,
 * e.g. `BatteryInterfaceUnauthorizedAccount(0xabc…, 1)`.
 */
export function decodeEvswapError(error: unknown): DecodedEvswapError {
  let data: Hex | undefined
  if (typeof error === 'string' && error.startsWith('0x')) data = error as Hex
  else if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
    if (reverted instanceof ContractFunctionRevertedError && reverted.data) {
      const { errorName, args } = reverted.data
      return { name: errorName, args: args ?? [], message: `${errorName}(${(args ?? []).map(stringify).join(', ')})` }
    }
    const withData = error.walk((e) => typeof (e as { data?: unknown }).data === 'string') as { data?: Hex } | null
    data = withData?.data
  }
  if (data && data.length >= 10) {
    try {
      const { errorName, args } = decodeErrorResult({ abi: evswapAbi, data })
      return { name: errorName, args: args ?? [], message: `${errorName}(${(args ?? []).map(stringify).join(', ')})` }
    } catch {
      return { name: 'UnknownRevert', args: [data], message: `reverted with unknown data ${data.slice(0, 74)}` }
    }
  }
  const message = error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error)
  return { name: 'Error', args: [], message }
}
