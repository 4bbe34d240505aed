import type { IncomingMessage, ServerResponse } from 'node:http'
import type { StationClient } from '../agent/createStationClient.js'
import { readSse } from '../agent/readSse.js'

/** At most one `stations` event a second: a busy chain sends many events, and each makes the GUI reread the list. */
const COALESCE_MS = 1000
/** Before reconnecting a stream that ended (the station restarted, or the device failed over). */
const RETRY_MS = 1000

/**
 * `GET /api/device/stations/events`: server-sent `event: stations` whenever the chain changes what stations hold
 * or where they are, or a station's swap interface reports other USB disks or charge readings (the station's
 * unfiltered event stream with its `slots` events, coalesced), so the EV GUI's finder rereads the list live. `event: stations-down` says the station's stream is not open (the finder then falls back to polling).
 * Unlike the device's own stream, it follows the whole network's events, so only a page that shows the finder
 * opens it.
 *
 * @example
 * if (path === '/api/device/stations/events') return relayStationEvents(station, req, res)
 */
export function relayStationEvents(station: StationClient, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
  res.write(': evswap station events\n\n')
  let closed = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let abort = new AbortController()
  const beat = setInterval(() => res.write(': beat\n\n'), 15_000)
  const changed = () => {
    timer ??= setTimeout(() => {
      timer = undefined
      if (!closed) res.write('event: stations\ndata: {}\n\n')
    }, COALESCE_MS)
  }
  const open = () => {
    if (closed) return
    abort = new AbortController()
    readSse(`${station.current()}/api/events?heads=false&slots=true`, (event) => (event === 'chain' || event === 'removed' || event === 'slots' ? changed() : undefined), abort.signal, {
      trust: station.trust,
      idleTimeoutMs: 60_000,
      // What changed while no stream was open is not replayed: one reread covers it.
      onOpen: changed,
    })
      .catch(() => {})
      .finally(() => {
        if (closed) return
        res.write('event: stations-down\ndata: {}\n\n')
        setTimeout(open, RETRY_MS).unref()
      })
  }
  open()
  req.on('close', () => {
    closed = true
    clearInterval(beat)
    clearTimeout(timer)
    abort.abort()
  })
}
