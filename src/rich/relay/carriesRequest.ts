import { decodeFunctionData, isAddressEqual, type Address, type Hex } from 'viem'
import { evswapForwarderAbi } from '../../sdk/abi/evswapForwarder.js'

/**
 * Whether a transaction's input (`execute` or `executeBatch` on the forwarder) carries the request that
 * `from` signed with `signature`. `ExecutedForwardRequest(signer, nonce)` names only the nonce, and after a
 * chain reorganization two different requests can hold the same nonce one after the other: only the
 * signature tells which of them ran.
 *
 * @example
 * if (carriesRequest(tx.input, e.data.from, e.request.signature)) settleFrom(receipt)
 */
export function carriesRequest(input: Hex, from: Address, signature: Hex): boolean {
  let requests: readonly { from: Address; signature: Hex }[]
  try {
    const call = decodeFunctionData({ abi: evswapForwarderAbi, data: input })
    if (call.functionName === 'execute') requests = [call.args[0]]
    else if (call.functionName === 'executeBatch') requests = call.args[0]
    else return false
  } catch {
    // Not a forwarder call we know (a contract calling the forwarder): it cannot be shown to be ours.
    return false
  }
  const wanted = signature.toLowerCase()
  return requests.some((r) => isAddressEqual(r.from, from) && r.signature.toLowerCase() === wanted)
}
