import { Type } from '@sinclair/typebox'
import { eventConcerns, MAX_STREAM_BATTERIES, type EventSubject } from '../../../sdk/events/eventConcerns.js'
import type { IndexedEvent } from '../../events/createChainIndex.js'
import { pageQuery, PageQuerySchema, sendPage } from '../pagedList.js'
import { AddressSchema, ErrorSchema, HashSchema, IdSchema, UnitSchema } from '../schemas/primitives.js'
import { EventArgsSchema } from '../schemas/views.js'
import { openEventStream } from '../openEventStream.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

/** The most events a stream replays from the index before going live; a client further behind pages `/api/events/since`. */
export const MAX_REPLAY = 10_000

/**
 * `GET /api/events`: server-sent events, `event: chain` for each contract event, `event: head` for each
 * new block and `event: removed` for each event a chain reorganization undid, written by hand on the raw response so nothing buffers them. With `account`, `battery` or
 * `unit` the stream carries only the events that concern them (eventConcerns), so what a device receives
 * depends on its own activity, not on how busy the chain is; `heads=false` leaves out the heads.
 *
 * Each `chain` event carries an SSE id, `block:logIndex`. A client that reconnects with `Last-Event-ID` (a
 * browser's EventSource does), or asks `since=BLOCK`, first gets what it missed from the index's database,
 * then the live events, with none twice and none left out. `GET /api/events/since` pages the same events as JSON.
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
          since: Type.Optional(Type.Integer({ minimum: 0, description: `first replay the events of this block and after (at most ${MAX_REPLAY}), then go live` })),
          slots: Type.Optional(
            Type.Boolean({ description: "also send `slots` { stationId } when the USB disks or charge readings of a station's swap interface change (this station's and its peers'; default false)" }),
          ),
        }),
        headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ pattern: '^[0-9]{1,15}:[0-9]{1,9}$', description: 'the id of the last event received: replay what came after it' })) }),
        response: { 200: Type.String({ description: 'text/event-stream' }) },
      },
    },
    async (request, reply) => {
      const q = request.query
      const subject: EventSubject = {
        ...(q.account ? { account: q.account } : {}),
        ...(q.battery?.length ? { batteries: new Set(q.battery) } : {}),
        ...(q.unit ? { unit: q.unit } : {}),
      }
      const filtered = Object.keys(subject).length > 0
      const heads = q.heads !== false
      const resumeAfter = request.headers['last-event-id']
      const stream = openEventStream(request, reply, ctx)
      const send = stream.send
      const sendEvent = (kind: 'chain' | 'removed', e: IndexedEvent) => {
        if (!filtered || eventConcerns(e.args, subject)) {
          send(kind, { event: e.event, args: e.args, blockNumber: e.blockNumber, txHash: e.txHash }, kind === 'chain' ? `${e.blockNumber}:${e.logIndex}` : undefined)
        }
      }
      // Live events are held back while the missed ones are read, then sent if newer than the last replayed.
      let held: [kind: 'chain' | 'removed' | 'head', e: IndexedEvent | number][] | undefined = resumeAfter !== undefined || q.since !== undefined ? [] : undefined
      const onChain = (e: IndexedEvent) => (held ? held.push(['chain', e]) : sendEvent('chain', e))
      const onRemoved = (e: IndexedEvent) => (held ? held.push(['removed', e]) : sendEvent('removed', e))
      const onHead = (blockNumber: number) => (held ? held.push(['head', blockNumber]) : send('head', { blockNumber }))
      // Not chain events: nothing to replay, and a stream that missed some rereads the slots anyway.
      const onSlots = (change: { stationId: number }) => send('slots', change)
      ctx.index.events.on('chain', onChain)
      ctx.index.events.on('removed', onRemoved)
      if (heads) ctx.index.events.on('head', onHead)
      if (q.slots) ctx.slotFeed?.on('slots', onSlots)
      stream.onClose(() => {
        ctx.index.events.off('chain', onChain)
        ctx.index.events.off('removed', onRemoved)
        ctx.index.events.off('head', onHead)
        ctx.slotFeed?.off('slots', onSlots)
      })
      if (held) {
        const last = await replay(resumeAfter, q.since ?? 0, (e) => sendEvent('chain', e), (next) => send('gap', { next, hint: `more than ${MAX_REPLAY} events were missed: page GET /api/events/since?after=${next} for the rest` })).catch(() => undefined)
        for (const [kind, e] of held) {
          if (kind === 'head') send('head', { blockNumber: e })
          else if (kind === 'removed' || last === undefined || after(e as IndexedEvent, last)) sendEvent(kind, e as IndexedEvent)
        }
        held = undefined
      }
      if (heads && ctx.index.head() >= 0) send('head', { blockNumber: ctx.index.head() })
    },
  )

  app.get(
    '/api/events/since',
    {
      schema: {
        summary: 'The contract events of a block and after, oldest first, a page at a time: what an event stream missed',
        tags: ['events'],
        querystring: Type.Object({ block: Type.Optional(Type.Integer({ minimum: 0, description: 'the first block (default 0)' })), ...PageQuerySchema }),
        response: {
          200: Type.Array(Type.Object({ event: Type.String(), args: EventArgsSchema, blockNumber: Type.Integer(), logIndex: Type.Integer(), txHash: HashSchema, timestamp: Type.Integer() })),
          400: ErrorSchema,
        },
      },
    },
    async (request, reply) =>
      sendPage(request, reply, await ctx.index.eventsSince(request.query.block ?? 0, pageQuery(request.query)), (events) =>
        events.map((e) => ({ event: e.event, args: e.args, blockNumber: e.blockNumber, logIndex: e.logIndex, txHash: e.txHash, timestamp: e.time ?? 0 })),
      ),
  )

  /** Sends the stored events after `cursor` (or from block `since`), at most MAX_REPLAY; answers the key of the last. */
  async function replay(cursor: string | undefined, since: number, send: (e: IndexedEvent) => void, gap: (next: string) => void): Promise<[number, number] | undefined> {
    let last: [number, number] | undefined = cursor === undefined ? undefined : (cursor.split(':').map(Number) as [number, number])
    let sent = 0
    let page = await ctx.index.eventsSince(last ? last[0] : since, { limit: 500, ...(cursor ? { cursor } : {}) })
    for (;;) {
      for (const e of page.items) {
        send(e)
        last = [e.blockNumber, e.logIndex]
      }
      sent += page.items.length
      if (page.next === undefined) return last
      if (sent >= MAX_REPLAY) {
        gap(page.next)
        return last
      }
      page = await ctx.index.eventsSince(since, { limit: 500, cursor: page.next })
    }
  }
}

/** Whether `e` comes after the event at `key` in the chain. */
function after(e: IndexedEvent, [block, logIndex]: [number, number]): boolean {
  return e.blockNumber > block || (e.blockNumber === block && e.logIndex > logIndex)
}
