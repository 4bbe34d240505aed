import { bytesToBigInt } from 'viem'

/**
 * An RLP quantity as a bigint: big-endian bytes, where zero is the empty string (which viem's
 * `bytesToBigInt` refuses).
 *
 * @example
 * bytesToQuantity(new Uint8Array()) // 0n
 */
export function bytesToQuantity(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : bytesToBigInt(bytes)
}
