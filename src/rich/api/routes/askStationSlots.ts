import type { SlotView } from './slotRoutes.js'

/** How long one station may take to say what is in its slots before it counts as not answering. */
const SLOTS_TIMEOUT_MS = 1500

/**
 * Asks each station URL (`GET /api/station/slots`) which USB disks its swap interface has, in parallel.
 * Answers by station id; a station that does not answer in time, or answers something else, is left out.
 *
 * @example
 * const slots = await askStationSlots(['http://127.0.0.1:7001', 'http://127.0.0.1:7002'])
 * slots.get(1) // [{ folder: 'BYD-1', batteryId: 2 }, ...]
 */
export async function askStationSlots(urls: string[]): Promise<Map<number, SlotView[]>> {
  const answers = await Promise.all(
    urls.map(async (url) => {
      try {
        const res = await fetch(new URL('/api/station/slots', url), { signal: AbortSignal.timeout(SLOTS_TIMEOUT_MS) })
        if (!res.ok) return null
        const body = (await res.json()) as { stationId?: unknown; slots?: unknown }
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
