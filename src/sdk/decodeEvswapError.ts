import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Hex } from 'viem'
import { describeContractError } from './errors/describeContractError.js'
import { evswapAbi } from './evswapAbi.js'

/**
 * A decoded revert: the custom error's `name` and `args` (for programs), and `message`, a sentence for a
 * person without names looked up (explainRevert adds them), never the error's name.
 */
export type DecodedEvswapError = { name: string; args: readonly unknown[]; message: string }

const decoded = (name: string, args: readonly unknown[]): DecodedEvswapError => ({ name, args, message: describeContractError({ name, args }).message })

/**
 * Turns a revert (from viem, or raw revert data) into the contract's custom error name and arguments,
 * e.g. `BatteryInterfaceSwapNotPending` and `[2]`, with a sentence ("Swap 2 is no longer pending: …").
 */
export function decodeEvswapError(error: unknown): DecodedEvswapError {
  let data: Hex | undefined
  if (typeof error === 'string' && error.startsWith('0x')) data = error as Hex
  else if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
    if (reverted instanceof ContractFunctionRevertedError && reverted.data) {
      return decoded(reverted.data.errorName, reverted.data.args ?? [])
    }
    const withData = error.walk((e) => typeof (e as { data?: unknown }).data === 'string') as { data?: Hex } | null
    data = withData?.data
  }
  if (data && data.length >= 10) {
    try {
      const { errorName, args } = decodeErrorResult({ abi: evswapAbi, data })
      return decoded(errorName, args ?? [])
    } catch {
      return decoded('UnknownRevert', [data])
    }
  }
  const message = error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error)
  return { name: 'Error', args: [], message }
}
