import { Type, type Static } from '@sinclair/typebox'
import { ErrorSchema } from '../schemas/primitives.js'
import { StationSlotsSchema, type SlotSchema } from '../schemas/slotSchemas.js'
import { openEventStream } from '../openEventStream.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

export type SlotView = Static<typeof SlotSchema>

/**
 * `GET /api/station/slots`: the USB disks in this station's swap interface (the station server runs that
 * device agent in process). `GET /api/stations` asks every station for it, so that an EV is offered a
 * battery only where its disk really is, not merely where the chain says it should be.
 * `GET /api/station/slots/events` streams them as they change, for the peers to pass on to EVs.
 *
 * @example
 * await app.register(async (scope) => slotRoutes(scope, ctx))
 */
export async function slotRoutes(app: StationFastify, ctx: StationContext): Promise<void> {
  app.get(
    '/api/station/slots',
    {
      schema: {
        summary: "The USB disks in this station's swap interface",
        tags: ['stations'],
        response: { 200: StationSlotsSchema, 503: ErrorSchema },
      },
    },
    async (_request, reply) => {
      // A station without a swap interface holds no disks, so it offers no battery for a swap.
      const slots = ctx.stationSlots ? ctx.stationSlots() : []
      if (slots === null) {
        return reply.code(503).send({ error: { code: 'starting', message: 'the station swap interface is starting', hint: 'retry in a moment' } })
      }
      return { stationId: ctx.station.id, slots }
    },
  )

  app.get(
    '/api/station/slots/events',
    {
      schema: {
        summary: "Server-sent `slots` { stationId, slots } at once and whenever the USB disks or charge readings of this station's swap interface change (not its peers': a station follows each peer's own stream)",
        tags: ['stations'],
        produces: ['text/event-stream'],
        response: { 200: Type.String({ description: 'text/event-stream' }) },
      },
    },
    async (request, reply) => {
      const stream = openEventStream(request, reply, ctx)
      const onOwn = (slots: SlotView[]) => stream.send('slots', { stationId: ctx.station.id, slots })
      ctx.slotFeed?.on('own', onOwn)
      stream.onClose(() => ctx.slotFeed?.off('own', onOwn))
      const now = ctx.stationSlots ? ctx.stationSlots() : []
      if (now !== null) onOwn(now)
    },
  )
}
