import { EventEmitter } from 'node:events'
import type { SlotView } from '../api/routes/slotRoutes.js'
import type { StationTrust } from '../../thin/tls/StationTrust.js'
import { followPeerSlots } from './followPeerSlots.js'

export type SlotFeedOptions = {
  stationId: number
  /** What this station's swap interface has in its USB slots now (null while it starts). */
  read: () => SlotView[] | null
  /** The other stations, whose swap interfaces' changes this station passes on to its own streams. */
  peers: string[]
  trust?: StationTrust
}

/**
 * The swap interfaces' USB slots as events, so that an EV's finder shows a disk that arrived or left, or a
 * charge's reading, as it happens rather than at its next poll: `own` (SlotView[]) when this station's slots
 * change, `slots` ({ stationId }) when this station's or a peer's do.
 */
export type SlotFeed = EventEmitter & {
  /** The swap interface reported a change of state: emits `own` and `slots` if its slots differ from the last. */
  ownChanged(): void
  /** Starts following the peers' streams. */
  start(): void
  stop(): void
}

/**
 * @example
 * const feed = createSlotFeed({ stationId: 1, read: () => slotsNow(), peers: ['https://127.0.0.1:7003'] })
 * device.agent.events.on('state', feed.ownChanged)
 * feed.start()
 */
export function createSlotFeed(o: SlotFeedOptions): SlotFeed {
  const abort = new AbortController()
  let last = ''
  const feed = Object.assign(new EventEmitter(), {
    ownChanged() {
      const slots = o.read()
      const now = JSON.stringify(slots)
      if (slots === null || now === last) return
      last = now
      feed.emit('own', slots)
      feed.emit('slots', { stationId: o.stationId })
    },
    start() {
      for (const peer of o.peers) followPeerSlots(peer, o.trust, (stationId) => feed.emit('slots', { stationId }), abort.signal)
    },
    stop() {
      abort.abort()
      feed.removeAllListeners()
    },
  })
  // Every open stream of the station API listens; the default limit of 10 would warn at the eleventh.
  feed.setMaxListeners(0)
  return feed
}
