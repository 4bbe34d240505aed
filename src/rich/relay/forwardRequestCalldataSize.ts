import type { ForwardRequestData } from './toForwardRequestData.js'

/**
 * Bytes one request adds to `executeBatch` calldata: its offset word, seven head words (from, to, value,
 * gas, deadline and the offsets of data and signature), then data and signature, each a length word plus
 * its bytes padded to 32.
 *
 * @example
 * forwardRequestCalldataSize(data) // 576 for a discharge
 */
export function forwardRequestCalldataSize(r: Pick<ForwardRequestData, 'data' | 'signature'>): number {
  const padded = (hex: string) => Math.ceil((hex.length - 2) / 2 / 32) * 32
  return 32 + 7 * 32 + 32 + padded(r.data) + 32 + padded(r.signature)
}
