import { Type } from '@sinclair/typebox'
import type { IndexedEvent } from '../../events/createChainIndex.js'
import { stringifyJson } from '../stringifyJson.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

/** A comment line every so often keeps proxies and idle timeouts from closing a quiet stream. */
const HEARTBEAT_MS = 15_000

/**
 * `GET /api/events`: server-sent events, `event: chain` for each contract event and `event: head` for each
 * new block, written by hand on the raw response so nothing buffers them.
 */
export async function eventRoutes(app: StationFastify, ctx: StationContext): Promise<void> {
  app.get(
    '/api/events',
    {
      schema: {
        summary: 'Server-sent events: `chain` { event, args, blockNumber, txHash } and `head` { blockNumber }',
        tags: ['events'],
        produces: ['text/event-stream'],
        response: { 200: Type.String({ description: 'text/event-stream' }) },
      },
    },
    (request, reply) => {
      reply.hijack()
      const res = reply.raw
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      })
      const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${stringifyJson(data)}\n\n`)
      res.write('retry: 2000\n\n')
      if (ctx.index.head() >= 0) send('head', { blockNumber: ctx.index.head() })
      const onChain = (e: IndexedEvent) => send('chain', { event: e.event, args: e.args, blockNumber: e.blockNumber, txHash: e.txHash })
      const onHead = (blockNumber: number) => send('head', { blockNumber })
      ctx.index.events.on('chain', onChain)
      ctx.index.events.on('head', onHead)
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS)
      ctx.streams.add(res)
      const cleanup = () => {
        clearInterval(heartbeat)
        ctx.index.events.off('chain', onChain)
        ctx.index.events.off('head', onHead)
        ctx.streams.delete(res)
      }
      request.raw.on('close', cleanup)
      res.on('close', cleanup)
    },
  )
}
