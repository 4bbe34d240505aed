import type { FastifyReply, FastifyRequest } from 'fastify'
import { stringifyJson } from './stringifyJson.js'
import type { StationContext } from './StationContext.js'

/** A comment line every so often keeps proxies and idle timeouts from closing a quiet stream. */
const HEARTBEAT_MS = 15_000

export type EventStream = {
  /** Writes one server-sent event (data as JSON, bigints as strings). */
  send(event: string, data: unknown, id?: string): void
  /** Runs once when the client goes or the station shuts down. */
  onClose(cleanup: () => void): void
}

/**
 * Turns a request into a server-sent-events stream, written by hand on the raw response so nothing buffers
 * it: the headers, a reconnection delay, heartbeats, and a place among the station's open streams so that
 * shutdown ends it.
 *
 * @example
 * const stream = openEventStream(request, reply, ctx)
 * ctx.index.events.on('head', onHead)
 * stream.onClose(() => ctx.index.events.off('head', onHead))
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, ctx: Pick<StationContext, 'streams'>): EventStream {
  reply.hijack()
  const res = reply.raw
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  })
  res.write('retry: 2000\n\n')
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS)
  ctx.streams.add(res)
  const cleanups: (() => void)[] = [() => clearInterval(heartbeat), () => ctx.streams.delete(res)]
  let closed = false
  const close = () => {
    if (closed) return
    closed = true
    for (const c of cleanups) c()
  }
  request.raw.on('close', close)
  res.on('close', close)
  return {
    send: (event, data, id) => void res.write(`event: ${event}\n${id ? `id: ${id}\n` : ''}data: ${stringifyJson(data)}\n\n`),
    onClose: (cleanup) => void (closed ? cleanup() : cleanups.push(cleanup)),
  }
}
