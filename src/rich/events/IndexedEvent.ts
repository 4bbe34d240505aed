import type { Address, Hash } from 'viem'

/** A contract event as the index keeps it and `GET /api/events` streams it. */
export type IndexedEvent = {
  event: string
  args: Record<string, unknown>
  blockNumber: number
  txHash: Hash
  logIndex: number
  address: Address
}
