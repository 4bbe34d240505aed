import type { Static } from '@sinclair/typebox'
import { ErrorSchema } from '../schemas/primitives.js'
import { StationSlotsSchema, type SlotSchema } from '../schemas/slotSchemas.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

export type SlotView = Static<typeof SlotSchema>

/**
 * `GET /api/station/slots`: the USB disks in this station's swap interface (the station server runs that
 * device agent in process). `GET /api/stations` asks every station for it, so that an EV is offered a
 * battery only where its disk really is, not merely where the chain says it should be.
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
}
