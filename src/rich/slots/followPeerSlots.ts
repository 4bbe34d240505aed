import { readSse } from '../../thin/agent/readSse.js'
import type { StationTrust } from '../../thin/tls/StationTrust.js'

/** Before opening a peer's stream again: it restarted, or is not up yet. */
const RETRY_MS = 2000

/**
 * Follows one peer station's `GET /api/station/slots/events` (its own swap interface only, so that stations
 * following each other never echo one another) and calls `onSlots` with the station id of each change, and
 * once each time the stream opens (what changed while it was closed is not replayed). Reopens the stream
 * until `signal` aborts.
 *
 * @example
 * followPeerSlots('https://10.0.0.2:7002', trust, (stationId) => feed.emit('slots', { stationId }), abort.signal)
 */
export function followPeerSlots(url: string, trust: StationTrust | undefined, onSlots: (stationId: number) => void, signal: AbortSignal): void {
  const open = () => {
    if (signal.aborted) return
    readSse(
      new URL('/api/station/slots/events', url).href,
      (event, data) => {
        if (event !== 'slots') return
        const stationId = (JSON.parse(data) as { stationId?: unknown }).stationId
        if (typeof stationId === 'number') onSlots(stationId)
      },
      signal,
      { ...(trust ? { trust } : {}), idleTimeoutMs: 60_000 },
    )
      .catch(() => {})
      .finally(() => {
        if (!signal.aborted) setTimeout(open, RETRY_MS).unref()
      })
  }
  open()
}
