import { numberToHex, type Address, type PublicClient } from 'viem'
import { decodeHeader } from '../../../thin/verify/decodeHeader.js'
import { recoverSealer } from '../../../thin/verify/recoverSealer.js'
import { encodeRawHeader, type RpcBlockHeader } from '../encodeRawHeader.js'
import { nodeRequest } from '../nodeRequest.js'
import type { RecentBlock } from './RecentBlock.js'

/** Sealers kept by block hash: the network page asks again at each head, and all but one block are the same. */
const KEPT = 512

/** Reads the last blocks of the chain with their sealers; `clique` false skips the seals (anvil has none). */
export type RecentBlocksReader = (count: number, clique: boolean) => Promise<RecentBlock[]>

/**
 * The last `count` blocks, newest first, each with the signer that sealed it, recovered from its header's
 * seal by the same code a device checks headers with (`recoverSealer`): it needs no geth API, and a block
 * is recovered once however often the page asks.
 *
 * @example
 * const read = createRecentBlocksReader(publicClient)
 * const blocks = await read(6, true) // [{ number: 120, sealer: '0xab…', inTurn: true, … }, …]
 */
export function createRecentBlocksReader(publicClient: PublicClient): RecentBlocksReader {
  const sealers = new Map<string, Address>()
  const sealerOf = async (block: RpcBlockHeader): Promise<Address | null> => {
    const known = sealers.get(block.hash)
    if (known) return known
    const rlp = encodeRawHeader(block)
    // A header this code cannot rebuild, or a genesis block (no seal), names no sealer rather than failing the page.
    if (!rlp || BigInt(block.number) === 0n) return null
    const sealer = await recoverSealer(decodeHeader(rlp)).catch(() => null)
    if (!sealer) return null
    if (sealers.size >= KEPT) sealers.delete(sealers.keys().next().value!)
    sealers.set(block.hash, sealer)
    return sealer
  }
  return async (count, clique) => {
    const head = Number(await publicClient.getBlockNumber({ cacheTime: 0 }))
    const numbers = Array.from({ length: Math.min(count, head + 1) }, (_, i) => head - i)
    const blocks = await Promise.all(numbers.map((n) => nodeRequest<(RpcBlockHeader & { timestamp: string; difficulty: string; transactions: unknown[] }) | null>(publicClient, 'eth_getBlockByNumber', [numberToHex(n), false])))
    return Promise.all(
      blocks.flatMap((b) => (b ? [b] : [])).map(async (b): Promise<RecentBlock> => ({
        number: Number(BigInt(b.number)),
        hash: b.hash,
        timestamp: Number(BigInt(b.timestamp)),
        transactions: b.transactions.length,
        sealer: clique ? await sealerOf(b) : null,
        inTurn: clique ? BigInt(b.difficulty) === 2n : null,
      })),
    )
  }
}
