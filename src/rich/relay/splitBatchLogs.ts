import { isAddressEqual, type Address, type Log } from 'viem'
import { decodeEvswapLog, type DecodedEvent } from '../events/decodeEvswapLog.js'

/** The part of a batch receipt that belongs to one executed request. */
export type ExecutedRequestLogs = { signer: Address; nonce: bigint; success: boolean; events: DecodedEvent[] }

/**
 * Splits the logs of an `executeBatch` receipt per request. The forwarder emits
 * `ExecutedForwardRequest(signer, nonce, success)` right after each request's call, so a request's own
 * logs are those since the previous `ExecutedForwardRequest`. Requests the forwarder skipped (expired,
 * nonce already used) emit nothing and get no entry.
 *
 * @example
 * for (const r of splitBatchLogs(receipt.logs, deployment.forwarder)) byId.get(relayId(r.signer, r.nonce))
 */
export function splitBatchLogs(logs: readonly Pick<Log, 'address' | 'data' | 'topics'>[], forwarder: Address): ExecutedRequestLogs[] {
  const out: ExecutedRequestLogs[] = []
  let pending: DecodedEvent[] = []
  for (const log of logs) {
    const decoded = decodeEvswapLog(log)
    if (decoded.event === 'ExecutedForwardRequest' && isAddressEqual(log.address, forwarder)) {
      const { signer, nonce, success } = decoded.args as { signer: Address; nonce: bigint; success: boolean }
      out.push({ signer, nonce, success, events: pending })
      pending = []
    } else {
      pending.push(decoded)
    }
  }
  return out
}
