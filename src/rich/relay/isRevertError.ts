import { BaseError, ContractFunctionRevertedError, RawContractError } from 'viem'

/**
 * Whether an error from an `eth_call` means the call reverted (the chain's answer, 422) rather than that
 * the node could not be asked (the station's problem, 503).
 *
 * @example
 * if (isRevertError(e)) return refusal(422, 'would_revert', decodeEvswapError(e).message)
 */
export function isRevertError(e: unknown): boolean {
  if (!(e instanceof BaseError)) return false
  if (e.walk((x) => x instanceof ContractFunctionRevertedError || x instanceof RawContractError)) return true
  // Nodes word a data-less revert differently; each says "revert" somewhere in the message.
  return /revert/i.test(e.details ?? '') || /revert/i.test(e.shortMessage)
}
