import type { SlotView } from './slotRoutes.js'
import { httpRequest } from '../../../thin/http/httpRequest.js'
import type { StationTrust } from '../../../thin/tls/StationTrust.js'

/** How long one station may take to say what is in its slots before it counts as not answering. */
const SLOTS_TIMEOUT_MS = 1500

/**
 * Asks each station URL (`GET /api/station/slots`) which USB disks its swap interface has, in parallel.
 * Answers by station id; a station that does not answer in time, answers something else, or fails `trust`
 * over https, is left out.
 *
 * @example
 * const slots = await askStationSlots(['http://127.0.0.1:7001', 'http://127.0.0.1:7002'])
 * slots.get(1) // [{ folder: 'BYD-1', batteryId: 2 }, ...]
 */
export async function askStationSlots(urls: string[], trust?: StationTrust): Promise<Map<number, SlotView[]>> {
  const answers = await Promise.all(
    urls.map(async (url) => {
      try {
        const res = await httpRequest(new URL('/api/station/slots', url).href, { timeoutMs: SLOTS_TIMEOUT_MS, ...(trust ? { trust } : {}) })
        if (res.status !== 200) return null
        const body = JSON.parse(res.text) as { stationId?: unknown; slots?: unknown }
        return typeof body.stationId === 'number' && Array.isArray(body.slots) ? { stationId: body.stationId, slots: body.slots as SlotView[] } : null
      } catch {
        return null
      }
    }),
  )
  const byStation = new Map<number, SlotView[]>()
  for (const a of answers) if (a) byStation.set(a.stationId, a.slots)
  return byStation
}
