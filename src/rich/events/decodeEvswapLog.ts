import { decodeEventLog, toEventSelector, type AbiEvent, type Hex, type Log } from 'viem'
import { evswapAbi } from '../../sdk/evswapAbi.js'

/** One decoded contract event. Arguments keep their viem types (bigints); the API writes them as decimal strings. */
export type DecodedEvent = { event: string; args: Record<string, unknown> }

/**
 * Each event of the ABI by its selector (topic 0), computed once. Given the whole ABI, viem hashes every
 * event signature on every call to find the one that matches: at a few hundred logs a block that was the
 * bulk of a busy station's CPU and held its event loop for up to a second (docs/benchmarks.md, section 2).
 */
const bySelector = new Map<Hex, AbiEvent>(evswapAbi.filter((x): x is Extract<(typeof evswapAbi)[number], { type: 'event' }> => x.type === 'event').map((x) => [toEventSelector(x as AbiEvent), x as AbiEvent]))

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
    const item = log.topics[0] === undefined ? undefined : bySelector.get(log.topics[0].toLowerCase() as Hex)
    if (!item) throw new Error('not an evswap event')
    const { eventName, args } = decodeEventLog({ abi: [item], data: log.data, topics: log.topics as [Hex, ...Hex[]] })
    return { event: eventName, args: (Array.isArray(args) ? { ...args } : (args ?? {})) as Record<string, unknown> }
  } catch {
    return { event: 'Unknown', args: { address: log.address, topics: log.topics, data: log.data } }
  }
}
