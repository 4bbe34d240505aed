import type { Address } from 'viem'
import { MAX_STREAM_BATTERIES } from '../../sdk/events/eventConcerns.js'

/**
 * The query of a device's event stream (`GET /api/events?…`): its account, unit and batteries, so the
 * station sends only the events that concern it (eventConcerns) and no heads, whatever the rest of the
 * network does. Past the station's battery limit the device takes every event and filters them itself.
 * The same inputs give the same string, so a changed string means a stream to reopen.
 *
 * @example
 * eventStreamQuery('0xAb…', 1, [7, 3]) // 'account=0xab…&heads=false&unit=1&battery=3&battery=7'
 */
export function eventStreamQuery(account: Address, unit: number, batteryIds: readonly number[]): string {
  const q = new URLSearchParams({ account: account.toLowerCase(), heads: 'false' })
  if (unit) q.set('unit', String(unit))
  if (batteryIds.length > MAX_STREAM_BATTERIES) return 'heads=false'
  for (const id of [...batteryIds].sort((x, y) => x - y)) q.append('battery', String(id))
  return q.toString()
}
