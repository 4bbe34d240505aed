import { Type } from '@sinclair/typebox'
import { STATION_FLAG } from '../../../sdk/units.js'
import { AddressSchema, UnitSchema } from '../schemas/primitives.js'
import { SlotSchema } from '../schemas/slotSchemas.js'
import { BatteryViewSchema } from '../schemas/views.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'
import { askStationSlots } from './askStationSlots.js'

/**
 * `GET /api/stations`: every registered station with the batteries the chain says it holds, and the USB
 * disks its swap interface really has (`slots`, null when that station did not answer). An EV is offered a
 * battery only when both agree: between an approval and the USB move they do not.
 */
export async function stationRoutes(app: StationFastify, ctx: StationContext): Promise<void> {
  app.get(
    '/api/stations',
    {
      schema: {
        summary: 'Every registered station, the batteries it holds, and the USB disks in its slots',
        tags: ['stations'],
        response: {
          200: Type.Array(
            Type.Object({
              unit: UnitSchema,
              stationId: Type.Integer(),
              account: AddressSchema,
              batteries: Type.Array(BatteryViewSchema),
              slots: Type.Union([Type.Array(SlotSchema), Type.Null()], { description: "the disks in the station's swap interface; null when it did not answer" }),
            }),
          ),
        },
      },
    },
    async () => {
      const stations = ctx.index.accounts().filter((a) => a.role === 'StationOperator')
      const [slots, ...views] = await Promise.all([
        askStationSlots([ctx.station.url, ...ctx.peers]),
        ...stations.map((s) => Promise.all(ctx.index.batteryIds(s.unit).map((id) => ctx.readBatteryCached(id)))),
      ])
      return stations.map((s, i) => {
        const stationId = (s.unit & ~STATION_FLAG) >>> 0
        return {
          unit: s.unit,
          stationId,
          account: s.address,
          batteries: (views[i] ?? []).filter((v) => v !== null && v.dynamicInfo.holder === s.unit),
          slots: slots.get(stationId) ?? null,
        }
      })
    },
  )
}
