import type { Static } from '@sinclair/typebox'
import { ErrorSchema } from '../schemas/primitives.js'
import { StationSlotsSchema, type SlotSchema } from '../schemas/slotSchemas.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

export type SlotView = Static<typeof SlotSchema>

export type SlotRoutesParameters = {
  stationId: number
  /** The disks in the station's swap interface now; null while the swap interface is starting. */
  slots(): SlotView[] | null
}

/**
 * `GET /api/station/slots`: the USB disks in this station's swap interface (the station server runs that
 * device agent in process). `GET /api/stations` asks every station for it, so that an EV is offered a
 * battery only where its disk really is, not merely where the chain says it should be.
 *
 * @example
 * await slotRoutes(app, { stationId: 1, slots: () => agent.batteries().map((b) => ({ folder: basename(b.folder), batteryId: b.batteryId })) })
 */
export async function slotRoutes(app: StationFastify, p: SlotRoutesParameters): Promise<void> {
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
      const slots = p.slots()
      if (slots === null) {
        return reply.code(503).send({ error: { code: 'starting', message: 'the station swap interface is starting', hint: 'retry in a moment' } })
      }
      return { stationId: p.stationId, slots }
    },
  )
}
