import type { Hash } from 'viem'

/**
 * The relay's most recent batch transaction, for an operator's network page: how many requests it carried,
 * its hash, when it left, and once its receipt is seen the block and gas. `outcome` is `sent` until then,
 * `mined` or `reverted` after, and `no_receipt` when none came in time (its requests went back to the queue).
 */
export type LastBatch = {
  size: number
  txHash: Hash
  /** When it was sent, unix ms. */
  sentAt: number
  outcome: 'sent' | 'mined' | 'reverted' | 'no_receipt'
  blockNumber?: number
  gasUsed?: bigint
}
