import type { Address, Hash } from 'viem'

/** One of the last blocks of the chain, and who sealed it (null on a chain without seals: anvil). */
export type RecentBlock = {
  number: number
  hash: Hash
  /** Unix seconds. */
  timestamp: number
  transactions: number
  sealer: Address | null
  /** Clique's difficulty 2: the signer whose turn it was sealed it; null without Clique. */
  inTurn: boolean | null
}
