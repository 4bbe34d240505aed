import { decodeEventLog, type Hex, type Log } from 'viem'
import { evswapAbi } from '../../sdk/evswapAbi.js'

/** One decoded contract event. Arguments keep their viem types (bigints); the API writes them as decimal strings. */
export type DecodedEvent = { event: string; args: Record<string, unknown> }

/**
 * Decodes a log of any evswap contract with the SDK's `evswapAbi`. A log no evswap ABI knows comes back
 * as `{ event: 'Unknown', args: { address, topics, data } }` rather than throwing: one odd log must not
 * hide the others of a receipt.
 *
 * @example
 * receipt.logs.map(decodeEvswapLog) // [{ event: 'BatteryDischarged', args: { batteryId: 1, ... } }]
 */
export function decodeEvswapLog(log: Pick<Log, 'address' | 'data' | 'topics'>): DecodedEvent {
  try {
    const { eventName, args } = decodeEventLog({ abi: evswapAbi, data: log.data, topics: log.topics as [Hex, ...Hex[]] })
    return { event: eventName, args: (Array.isArray(args) ? { ...args } : (args ?? {})) as Record<string, unknown> }
  } catch {
    return { event: 'Unknown', args: { address: log.address, topics: log.topics, data: log.data } }
  }
}
