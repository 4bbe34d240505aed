import { Type } from '@sinclair/typebox'
import { STATION_FLAG } from '../../../sdk/units.js'
import { AddressSchema, UnitSchema } from '../schemas/primitives.js'
import { BatteryViewSchema } from '../schemas/views.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

/** `GET /api/stations`: every registered station with the batteries it holds (what an EV owner picks from). */
export async function stationRoutes(app: StationFastify, ctx: StationContext): Promise<void> {
  app.get(
    '/api/stations',
    {
      schema: {
        summary: 'Every registered station and the batteries it holds',
        tags: ['stations'],
        response: {
          200: Type.Array(Type.Object({ unit: UnitSchema, stationId: Type.Integer(), account: AddressSchema, batteries: Type.Array(BatteryViewSchema) })),
        },
      },
    },
    async () => {
      const stations = ctx.index.accounts().filter((a) => a.role === 'StationOperator')
      return Promise.all(
        stations.map(async (s) => {
          const views = await Promise.all(ctx.index.batteryIds(s.unit).map((id) => ctx.readBatteryCached(id)))
          return {
            unit: s.unit,
            stationId: (s.unit & ~STATION_FLAG) >>> 0,
            account: s.address,
            batteries: views.filter((v) => v !== null && v.dynamicInfo.holder === s.unit),
          }
        }),
      )
    },
  )
}
