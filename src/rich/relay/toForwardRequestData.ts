import type { Address, Hex } from 'viem'
import type { SignedForwardRequest } from '../../sdk/forwarder/forwardRequestTypes.js'

/** The forwarder's `ForwardRequestData` struct as viem encodes it (the nonce is not part of it: the forwarder reads its own). */
export type ForwardRequestData = { from: Address; to: Address; value: bigint; gas: bigint; deadline: number; data: Hex; signature: Hex }

/**
 * Converts the JSON form a device sends into the struct `execute` and `executeBatch` take.
 *
 * @example
 * await walletClient.writeContract({ address: d.forwarder, abi: evswapForwarderAbi, functionName: 'execute', args: [toForwardRequestData(signed)] })
 */
export function toForwardRequestData(r: SignedForwardRequest): ForwardRequestData {
  return { from: r.from, to: r.to, value: BigInt(r.value), gas: BigInt(r.gas), deadline: r.deadline, data: r.data, signature: r.signature }
}
