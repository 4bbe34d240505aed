import { Type } from '@sinclair/typebox'
import { getStationPlaces } from '../../../sdk/reads/getStationPlaces.js'
import { STATION_FLAG, stationUnit } from '../../../sdk/units.js'
import { AddressSchema, UnitSchema } from '../schemas/primitives.js'
import type { Address } from 'viem'
import type { Page } from '../../store/queries/Page.js'
import { pageQuery, PageQuerySchema, sendPage } from '../pagedList.js'
import { PlaceSchema } from '../schemas/placeSchema.js'
import { SlotSchema } from '../schemas/slotSchemas.js'
import { BatteryViewSchema } from '../schemas/views.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'
import { askStationSlots } from './askStationSlots.js'
import { readRunningHolds } from '../readRunningHolds.js'
import { RunningHoldSchema } from '../schemas/holdSchemas.js'

/**
 * `GET /api/stations`: every registered station with its place (StationDirectory), the batteries the chain says it holds, and the USB
 * disks its swap interface really has (`slots`, null when that station did not answer). An EV is offered a
 * battery only when both agree: between an approval and the USB move they do not. Stations come a page at a
 * time, each with at most {@link STATION_BATTERIES} batteries (`batteriesNext` says where the rest are).
 */
/** The most batteries listed with each station; `/api/batteries?holder=` pages through the rest. */
export const STATION_BATTERIES = 100

export async function stationRoutes(app: StationFastify, ctx: StationContext): Promise<void> {
  app.get(
    '/api/stations',
    {
      schema: {
        summary: 'Every registered station, the batteries it holds, and the USB disks in its slots',
        tags: ['stations'],
        querystring: Type.Object({
          ...PageQuerySchema,
          station: Type.Optional(Type.Integer({ minimum: 1, maximum: 0x7fffffff, description: 'only this station (its number), e.g. for its own GUI; an empty list when it is not registered' })),
        }),
        response: {
          200: Type.Array(
            Type.Object({
              unit: UnitSchema,
              stationId: Type.Integer(),
              account: AddressSchema,
              place: PlaceSchema,
              batteries: Type.Array(BatteryViewSchema, { description: `the first ${STATION_BATTERIES} by id` }),
              batteriesNext: Type.Optional(Type.String({ description: 'when it holds more: the `after` of /api/batteries?holder=unit for the rest' })),
              slots: Type.Union([Type.Array(SlotSchema), Type.Null()], { description: "the disks in the station's swap interface; null when it did not answer" }),
              holds: Type.Array(RunningHoldSchema, { description: 'its batteries held for an EV now: not offered to any other EV' }),
            }),
          ),
        },
      },
    },
    async (request, reply) =>
      sendPage(request, reply, await stationsPage(ctx, request.query), async (stations) => {
        const stationIds = stations.map((s) => (s.unit & ~STATION_FLAG) >>> 0)
        const [slots, places, ...held] = await Promise.all([
          askStationSlots([ctx.station.url, ...ctx.peers], ctx.peerTrust),
          getStationPlaces(ctx.publicClient, ctx.deployment, stationIds),
          ...stations.map(async (s) => {
            const page = await ctx.index.batteries({ holder: s.unit, limit: STATION_BATTERIES })
            const ids = page.items.map((b) => b.id)
            const [views, holds] = await Promise.all([Promise.all(ids.map((id) => ctx.readBatteryCached(id))), readRunningHolds(ctx.readHoldCached, ids, Date.now() / 1000)])
            return { page, views, holds }
          }),
        ])
        return stations.map((s, i) => {
          const stationId = stationIds[i]!
          const h = held[i]!
          return {
            unit: s.unit,
            stationId,
            account: s.address,
            place: places[i] ?? null,
            batteries: h.views.filter((v) => v !== null && v.dynamicInfo.holder === s.unit),
            ...(h.page.next === undefined ? {} : { batteriesNext: h.page.next }),
            slots: slots.get(stationId) ?? null,
            holds: h.holds,
          }
        })
      }),
  )
}

/** The registered stations, a page at a time by number, or the one asked for. */
async function stationsPage(ctx: StationContext, q: { limit?: number; after?: string; station?: number }): Promise<Page<{ unit: number; address: Address }>> {
  if (q.station === undefined) return ctx.index.accounts({ ...pageQuery(q), role: 'StationOperator' })
  const one = await ctx.index.accountOfUnit(stationUnit(q.station))
  return { items: one?.role === 'StationOperator' ? [one] : [] }
}
