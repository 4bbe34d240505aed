import type { Hash, Hex } from 'viem'
import type { DecodedEvent } from '../events/decodeEvswapLog.js'

/** Where a relayed request is. `id` is `<from lower-case>-<nonce>` (see {@link relayId}). */
export type RelayStatus = {
  id: string
  status: 'queued' | 'sent' | 'confirmed' | 'failed'
  txHash?: Hash
  blockNumber?: number
  /** Whether the call itself succeeded; a request that ran and reverted is `failed` with `success: false`. */
  success?: boolean
  error?: string
  events?: DecodedEvent[]
  /** The signature of the request under this id, so its sender can tell it is its own. */
  signature?: Hex
}
