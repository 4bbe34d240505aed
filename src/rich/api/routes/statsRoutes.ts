import { Type } from '@sinclair/typebox'
import { batteryStatusNames, swapStatusNames } from '../../../sdk/enums.js'
import { describeUnit } from '../../../sdk/units.js'
import { formatSwapsCsv } from '../formatSwapsCsv.js'
import { parseUtcDay } from '../parseUtcDay.js'
import { CentsSchema, ErrorSchema, UnitSchema } from '../schemas/primitives.js'
import { sendError } from '../sendError.js'
import { summarizeStockLevels, type StockBattery } from '../summarizeStockLevels.js'
import { FieldValidationError } from '../typeBoxValidatorCompiler.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

const DaySchema = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'a UTC day, YYYY-MM-DD' })

const UnitQuery = { ...UnitSchema, description: 'the station (2^31 | station id) or EV whose figures these are' }
const SwapCounts = { requested: Type.Integer(), approved: Type.Integer(), denied: Type.Integer(), cancelled: Type.Integer(), pending: Type.Integer() }
const Bucket = Type.Object({ label: Type.String(), fromPermille: Type.Union([Type.Integer(), Type.Null()]), toPermille: Type.Union([Type.Integer(), Type.Null()]), count: Type.Integer() })
/** Today, UTC, as YYYY-MM-DD: what a dashboard shows when it names no day. */
const today = () => new Date().toISOString().slice(0, 10)

/**
 * What an operator's dashboard and reports ask of the index: swaps by station and by day or hour, a day's
 * swaps with their terms (JSON or CSV), an account's E-coin in and out per day, and the stock by holder and
 * status, by state of charge and by state of health. Aggregates are computed by the database, so their
 * cost does not depend on how much the station sends.
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
            Type.Object({ day: DaySchema, stationUnit: UnitSchema, ...SwapCounts }),
          ),
        },
      },
    },
    async (request) => {
      const { station, from, to, limit } = request.query
      return ctx.index.swapsByDay({
        ...(station === undefined ? {} : { stationUnit: station }),
        ...(from === undefined ? {} : { from: parseUtcDay('from', from) }),
        ...(to === undefined ? {} : { to: parseUtcDay('to', to) + 86_400 }),
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

  app.get(
    '/api/stats/swaps-by-hour',
    {
      schema: {
        summary: "A station's (or EV's) swap requests of one UTC day, hour by hour (24 rows), by what became of them",
        tags: ['stats'],
        querystring: Type.Object({ unit: UnitQuery, day: Type.Optional({ ...DaySchema, description: 'the UTC day (default today)' }) }),
        response: { 200: Type.Array(Type.Object({ hour: Type.Integer({ minimum: 0, maximum: 23 }), ...SwapCounts })), 400: ErrorSchema },
      },
    },
    async (request) => ctx.index.swapsByHour({ unit: request.query.unit, day: parseUtcDay('day', request.query.day ?? today()) }),
  )

  app.get(
    '/api/stats/ecoin-by-day',
    {
      schema: {
        summary: "A unit's E-coin in and out per UTC day and kind of movement (settlement, fee, refund...), in cents, oldest day first",
        tags: ['stats'],
        querystring: Type.Object({
          unit: UnitQuery,
          from: Type.Optional({ ...DaySchema, description: 'the first day (UTC; default 29 days before `to`)' }),
          to: Type.Optional({ ...DaySchema, description: 'the last day (UTC, included; default today)' }),
        }),
        response: {
          200: Type.Array(Type.Object({ day: DaySchema, kind: Type.String({ description: 'grant, escrow, settlement, refund, fee or transfer' }), in: CentsSchema, out: CentsSchema })),
          400: ErrorSchema,
          404: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const { unit } = request.query
      const to = parseUtcDay('to', request.query.to ?? today()) + 86_400
      const from = request.query.from === undefined ? to - 30 * 86_400 : parseUtcDay('from', request.query.from)
      if (from >= to) throw new FieldValidationError(`from ${request.query.from} is after to ${request.query.to ?? today()}: give the first day, then the last`, 'from', 'querystring')
      // A year at most: a chart's window, not the account's history.
      if (to - from > 366 * 86_400) throw new FieldValidationError('from and to are more than 366 days apart: ask for a year at most', 'from', 'querystring')
      const account = await ctx.index.accountOfUnit(unit)
      if (!account) return sendError(reply, 404, { code: 'not_found', message: `${describeUnit(unit)} is not registered on this network`, hint: 'check the unit' })
      return ctx.index.ledgerByDay(account.address, { from, to })
    },
  )

  app.get(
    '/api/stats/stock-levels',
    {
      schema: {
        summary: "A holder's stock (in service or promised to a pending swap) by state of charge and state of health, and the batteries waiting to be charged",
        description: "State of charge and state of health from the battery views (the contract's healthOf; cached until the next chain event or head).",
        tags: ['stats'],
        querystring: Type.Object({ unit: { ...UnitSchema, description: 'the holder: a station (2^31 | station id) or an EV' } }),
        response: {
          200: Type.Object({
            total: Type.Integer(),
            soc: Type.Array(Bucket),
            soh: Type.Array(Bucket),
            waiting: Type.Array(Type.Object({ id: Type.Integer(), socPermille: Type.Integer(), energyWh: Type.Integer() })),
          }),
          400: ErrorSchema,
        },
      },
    },
    async (request) => {
      const unit = request.query.unit
      const batteries: StockBattery[] = []
      let cursor: string | undefined
      do {
        const page = await ctx.index.batteries({ holder: unit, limit: 500, ...(cursor === undefined ? {} : { cursor }) })
        for (const v of await Promise.all(page.items.map((b) => ctx.readBatteryCached(b.id)))) {
          // The read is the authority on the holder and status: the index may run a block behind it.
          if (!v || v.dynamicInfo.holder !== unit) continue
          const d = v.dynamicInfo
          batteries.push({ id: v.id, status: d.status, socPermille: d.socPermille, energyWh: d.energyWh, passport: !!v.health, sohPermille: v.health?.stateOfCertifiedEnergyPermille ?? null })
        }
        cursor = page.next
      } while (cursor !== undefined)
      return summarizeStockLevels(batteries)
    },
  )

  const DaySwapsQuery = Type.Object({ unit: UnitQuery, day: Type.Optional({ ...DaySchema, description: 'the UTC day (default today)' }) })
  const daySwaps = (q: { unit: number; day?: string | undefined }) => {
    const from = parseUtcDay('day', q.day ?? today())
    return ctx.index.daySwaps({ unit: q.unit, from, to: from + 86_400 })
  }

  app.get(
    '/api/stats/day-swaps',
    {
      schema: {
        summary: "A station's (or EV's) swaps requested on one UTC day, oldest first, with their EV, batteries and terms (cents)",
        tags: ['stats'],
        querystring: DaySwapsQuery,
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.Integer(),
              requestedAt: Type.Integer({ description: 'unix seconds' }),
              evUnit: UnitSchema,
              ev: Type.String({ description: 'the EV by name, "EV 3"' }),
              stationUnit: UnitSchema,
              evBatteryId: Type.Integer(),
              stationBatteryId: Type.Integer(),
              status: Type.Union(swapStatusNames.map((n) => Type.Literal(n))),
              difference: { ...CentsSchema, description: 'what the station receives (negative: pays the EV), cents' },
              fee: CentsSchema,
              amount: { ...CentsSchema, description: 'difference + fee: what the EV pays in all, cents' },
            }),
          ),
          400: ErrorSchema,
        },
      },
    },
    async (request) =>
      (await daySwaps(request.query)).map((s) => ({
        id: s.id,
        requestedAt: s.requestedAt,
        evUnit: s.evUnit,
        ev: describeUnit(s.evUnit),
        stationUnit: s.stationUnit,
        evBatteryId: s.evBatteryId,
        stationBatteryId: s.stationBatteryId,
        status: s.status,
        difference: s.difference,
        fee: s.fee,
        amount: s.difference + s.fee,
      })),
  )

  app.get(
    '/api/stats/swaps.csv',
    {
      schema: {
        summary: "A station's (or EV's) swaps of one UTC day as CSV with a header row, amounts in E-coin",
        tags: ['stats'],
        querystring: DaySwapsQuery,
        produces: ['text/csv'],
        response: { 400: ErrorSchema },
      },
    },
    async (request, reply) => {
      const csv = formatSwapsCsv(await daySwaps(request.query))
      const name = `${describeUnit(request.query.unit).replace(' ', '-')}-swaps-${request.query.day ?? today()}.csv`
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(csv)
    },
  )
}
