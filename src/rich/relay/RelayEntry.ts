import type { SignedForwardRequest } from '../../sdk/forwarder/forwardRequestTypes.js'
import type { RelayStatus } from './RelayStatus.js'
import type { ForwardRequestData } from './toForwardRequestData.js'

/** An accepted request as it moves through the relay's stages: admitted, queued, batched, sent, settled. */
export type RelayEntry = {
  id: string
  request: SignedForwardRequest
  data: ForwardRequestData
  gas: bigint
  /** What it adds to the batch's calldata. */
  bytes: number
  queuedAt: number
  /** A block at or before acceptance: where to look for the request's execution if its receipt is lost. */
  sinceBlock: bigint
  attempts: number
  status: RelayStatus
}
