import type { SignedForwardRequest } from '../../src/sdk/forwarder/forwardRequestTypes.js'
import { forwardRequestCalldataSize } from '../../src/rich/relay/forwardRequestCalldataSize.js'
import type { RelayEntry } from '../../src/rich/relay/RelayEntry.js'
import { relayId } from '../../src/rich/relay/relayId.js'
import { toForwardRequestData } from '../../src/rich/relay/toForwardRequestData.js'

/**
 * The entry admission would make of a signed request, for testing a later relay stage without admission.
 *
 * @example
 * const e = relayEntryOf(await chain.sign(ev, call))
 */
export function relayEntryOf(signed: SignedForwardRequest, sinceBlock = 0n): RelayEntry {
  const id = relayId(signed.from, BigInt(signed.nonce))
  const data = toForwardRequestData(signed)
  return { id, request: signed, data, gas: data.gas, bytes: forwardRequestCalldataSize(data), queuedAt: performance.now(), sinceBlock, attempts: 0, status: { id, status: 'queued' } }
}
