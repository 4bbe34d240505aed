import { Type } from '@sinclair/typebox'
import { batteryStatusNames } from '../../../sdk/enums.js'
import { UnitSchema } from '../schemas/primitives.js'
import { FieldValidationError } from '../typeBoxValidatorCompiler.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

const DaySchema = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'a UTC day, YYYY-MM-DD' })

/**
 * What an operator's dashboard and reports ask of the index: swaps by station and by day, and batteries by
 * holder and status. Both are aggregates computed by the database, so their cost does not depend on how
 * much the station sends.
 */
export async function statsRoutes(app: StationFastify, ctx: StationContext): Promise<void> {
  app.get(
    '/api/stats/swaps-by-day',
    {
      schema: {
        summary: 'Swap requests per station and UTC day, by what became of them, newest day first',
        tags: ['stats'],
        querystring: Type.Object({
          station: Type.Optional({ ...UnitSchema, description: "only this station's (its unit, 2^31 | station id)" }),
          from: Type.Optional({ ...DaySchema, description: 'the first day (UTC, YYYY-MM-DD)' }),
          to: Type.Optional({ ...DaySchema, description: 'the last day (UTC, YYYY-MM-DD), included' }),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, description: 'most rows (default 366)' })),
        }),
        response: {
          200: Type.Array(
            Type.Object({
              day: DaySchema,
              stationUnit: UnitSchema,
              requested: Type.Integer(),
              approved: Type.Integer(),
              denied: Type.Integer(),
              cancelled: Type.Integer(),
              pending: Type.Integer(),
            }),
          ),
        },
      },
    },
    async (request) => {
      const { station, from, to, limit } = request.query
      const day = (field: string, d: string) => {
        const t = Date.parse(`${d}T00:00:00Z`)
        // The pattern lets 2026-13-45 through; the calendar does not.
        if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== d) throw new FieldValidationError(`${field} ${d} is not a day of the calendar (YYYY-MM-DD)`, field, 'querystring')
        return t / 1000
      }
      return ctx.index.swapsByDay({
        ...(station === undefined ? {} : { stationUnit: station }),
        ...(from === undefined ? {} : { from: day('from', from) }),
        ...(to === undefined ? {} : { to: day('to', to) + 86_400 }),
        ...(limit === undefined ? {} : { limit }),
      })
    },
  )

  app.get(
    '/api/stats/stock',
    {
      schema: {
        summary: 'How many batteries each holder has in each status (a station: its stock)',
        tags: ['stats'],
        querystring: Type.Object({ holder: Type.Optional({ ...UnitSchema, description: 'only this holder (an EV or station unit)' }) }),
        response: {
          200: Type.Array(Type.Object({ holder: UnitSchema, status: Type.Union(batteryStatusNames.map((n) => Type.Literal(n))), count: Type.Integer() })),
        },
      },
    },
    async (request) => ctx.index.stock(request.query.holder === undefined ? {} : { holder: request.query.holder }),
  )
}
