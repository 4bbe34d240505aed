import type { Hex } from 'viem'
import type { EvswapCall } from '../../sdk/calls/EvswapCall.js'
import type { SignedForwardRequest } from '../../sdk/forwarder/forwardRequestTypes.js'

/**
 * What a device's outbox entry holds: the call, once signed the signed request (durable before it leaves the
 * device, so a crash resends the same nonce), and what the consistency check needs to know of it.
 */
export type OutboxPayload = {
  call: EvswapCall
  signed?: SignedForwardRequest
  /** registration: where the battery sits and the tag that finds its id */
  folder?: string
  tag?: Hex
  /** The battery the operation changes: its file is written when the operation finishes, not before. */
  batteryId?: number
}

/** An operation the station settled, as the stages that follow it see it (before it leaves the outbox). */
export type SettledOperation = {
  payload: OutboxPayload
  /** Confirmed, and its call did not revert. */
  ok: boolean
  blockNumber?: number
  events: { event: string; args: Record<string, unknown> }[]
}
