import { Type } from '@sinclair/typebox'
import { eventConcerns, MAX_STREAM_BATTERIES, type EventSubject } from '../../../sdk/events/eventConcerns.js'
import type { IndexedEvent } from '../../events/createChainIndex.js'
import { AddressSchema, IdSchema, UnitSchema } from '../schemas/primitives.js'
import { stringifyJson } from '../stringifyJson.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

/** A comment line every so often keeps proxies and idle timeouts from closing a quiet stream. */
const HEARTBEAT_MS = 15_000

/**
 * `GET /api/events`: server-sent events, `event: chain` for each contract event, `event: head` for each
 * new block and `event: removed` for each event a chain reorganization undid, written by hand on the raw response so nothing buffers them. With `account`, `battery` or
 * `unit` the stream carries only the events that concern them (eventConcerns), so what a device receives
 * depends on its own activity, not on how busy the chain is; `heads=false` leaves out the heads.
 */
export async function eventRoutes(app: StationFastify, ctx: StationContext): Promise<void> {
  app.get(
    '/api/events',
    {
      schema: {
        summary:
          'Server-sent events: `chain` { event, args, blockNumber, txHash } and `head` { blockNumber }; `removed` (same fields as `chain`) for an event ' +
          'of a block that a chain reorganization replaced, after which `chain` comes again for what the new blocks hold. Without a filter every contract event; ' +
          'with account, battery or unit only the events naming one of them (an event matches if its account, evOwner, operator, from or to ' +
          'is the account, its batteryId, evBatteryId or stationBatteryId one of the batteries, or its stationUnit the unit)',
        tags: ['events'],
        produces: ['text/event-stream'],
        querystring: Type.Object({
          account: Type.Optional({ ...AddressSchema, description: 'only events naming this account (address, 0x and 40 hex digits)' }),
          battery: Type.Optional(
            Type.Array(IdSchema, { maxItems: MAX_STREAM_BATTERIES, description: `only events naming one of these battery ids (repeat the parameter, at most ${MAX_STREAM_BATTERIES})` }),
          ),
          unit: Type.Optional({ ...UnitSchema, description: 'only swap requests to this station unit (2^31 | station id)' }),
          heads: Type.Optional(Type.Boolean({ description: 'send `head` events (default true); a device that only reacts to its events sets false' })),
        }),
        response: { 200: Type.String({ description: 'text/event-stream' }) },
      },
    },
    (request, reply) => {
      const q = request.query
      const subject: EventSubject = {
        ...(q.account ? { account: q.account } : {}),
        ...(q.battery?.length ? { batteries: new Set(q.battery) } : {}),
        ...(q.unit ? { unit: q.unit } : {}),
      }
      const filtered = Object.keys(subject).length > 0
      const heads = q.heads !== false
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
      if (heads && ctx.index.head() >= 0) send('head', { blockNumber: ctx.index.head() })
      const forward = (kind: 'chain' | 'removed') => (e: IndexedEvent) => {
        if (!filtered || eventConcerns(e.args, subject)) send(kind, { event: e.event, args: e.args, blockNumber: e.blockNumber, txHash: e.txHash })
      }
      const onChain = forward('chain')
      const onRemoved = forward('removed')
      const onHead = (blockNumber: number) => send('head', { blockNumber })
      ctx.index.events.on('chain', onChain)
      ctx.index.events.on('removed', onRemoved)
      if (heads) ctx.index.events.on('head', onHead)
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS)
      ctx.streams.add(res)
      const cleanup = () => {
        clearInterval(heartbeat)
        ctx.index.events.off('chain', onChain)
        ctx.index.events.off('removed', onRemoved)
        ctx.index.events.off('head', onHead)
        ctx.streams.delete(res)
      }
      request.raw.on('close', cleanup)
      res.on('close', cleanup)
    },
  )
}
