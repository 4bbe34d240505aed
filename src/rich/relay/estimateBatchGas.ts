import { hexToBytes, type Hex } from 'viem'

/** Gas the forwarder spends per request around the call itself: signature recovery, the nonce write
 * (22.1k when a signer's nonce leaves zero), the isTrustedForwarder probe, the event, calldata copies. */
export const PER_REQUEST_OVERHEAD = 45_000n
/** The transaction's own cost beyond its requests: intrinsic 21k and the batch loop. */
export const BATCH_BASE_GAS = 50_000n

/**
 * Gas for an `executeBatch` transaction: the requests' gas plus 10 % (the forwarder needs a little more
 * than `gas` left for each call, EIP-150's 63/64 rule, or it aborts the whole batch), a per-request
 * overhead, and the calldata at its real price (4 gas a zero byte, 16 otherwise).
 *
 * @example
 * const gas = estimateBatchGas(requests.map((r) => r.gas), calldata)
 */
export function estimateBatchGas(requestGas: readonly bigint[], calldata: Hex): bigint {
  const sum = requestGas.reduce((a, b) => a + b, 0n)
  let dataGas = 0n
  for (const byte of hexToBytes(calldata)) dataGas += byte === 0 ? 4n : 16n
  return (sum * 11n) / 10n + BATCH_BASE_GAS + PER_REQUEST_OVERHEAD * BigInt(requestGas.length) + dataGas
}
