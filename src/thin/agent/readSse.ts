import { createParser } from 'eventsource-parser'
import { openHttpResponse } from '../http/openHttpResponse.js'
import type { StationTrust } from '../tls/StationTrust.js'

export type ReadSseOptions = {
  /** Called once the stream is open (headers received), before any event: the moment to reconcile. */
  onOpen?: () => void
  /** Ends the stream with an error if the server sends nothing (not even a heartbeat) for this long. */
  idleTimeoutMs?: number
  /** Whom the device trusts over TLS (see openHttpResponse). */
  trust?: StationTrust
}

/**
 * Reads a server-sent-events stream (Node 20 has no EventSource) and calls `onEvent` for each event until
 * the stream ends or `signal` aborts. Over node:http rather than fetch (see openHttpResponse).
 */
export async function readSse(
  url: string,
  onEvent: (event: string, data: string) => void,
  signal: AbortSignal,
  o: ReadSseOptions = {},
): Promise<void> {
  const res = await openHttpResponse(url, { headers: { accept: 'text/event-stream' }, signal, ...(o.idleTimeoutMs ? { idleTimeoutMs: o.idleTimeoutMs } : {}), ...(o.trust ? { trust: o.trust } : {}) })
  if (res.statusCode !== 200) {
    res.resume()
    throw new Error(`${url}: HTTP ${res.statusCode}`)
  }
  o.onOpen?.()
  res.setEncoding('utf8')
  // The spec's framing (CRLF, comments, multi-line data, one optional space) is the parser's; events without
  // a type are 'message', as EventSource names them.
  const parser = createParser({ onEvent: (m) => onEvent(m.event ?? 'message', m.data) })
  for await (const chunk of res) parser.feed(chunk as string)
}
