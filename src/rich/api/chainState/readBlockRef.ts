import { numberToHex, type Hex, type PublicClient } from 'viem'
import { EvswapError } from '../../../sdk/errors/EvswapError.js'
import { nodeRequest } from '../nodeRequest.js'
import type { BlockRef } from './BlockRef.js'

/**
 * Block `block` of the node's chain (`'latest'`: its head), in one call: what a claim names and a proof is
 * checked against.
 *
 * @throws EvswapError when the node has no such block
 * @example
 * const head = await readBlockRef(client, 'latest')
 */
export async function readBlockRef(client: PublicClient, block: bigint | 'latest'): Promise<BlockRef> {
  const tag = block === 'latest' ? block : numberToHex(block)
  const b = await nodeRequest<{ number: Hex; hash: Hex; stateRoot: Hex; timestamp: Hex } | null>(client, 'eth_getBlockByNumber', [tag, false])
  if (!b) throw new EvswapError(`the node has no block ${block}`, { hint: 'ask for a block at or before its head', code: 'UNKNOWN_BLOCK' })
  return { number: BigInt(b.number), hash: b.hash, stateRoot: b.stateRoot, timestamp: BigInt(b.timestamp) }
}
