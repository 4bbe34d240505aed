import { Type } from '@sinclair/typebox'
import { getBattery } from '../../../sdk/reads/getBattery.js'
import { readBatteryStateAt } from '../chainState/readBatteryStateAt.js'
import { readBlockRef } from '../chainState/readBlockRef.js'
import { OrderSchema, pageQuery, PageQuerySchema, sendPage } from '../pagedList.js'
import { sendError } from '../sendError.js'
import { sendWithEtag } from '../sendWithEtag.js'
import { BatteryStatusSchema, ErrorSchema, HashSchema, IdSchema, UnitSchema } from '../schemas/primitives.js'
import { BatteryStateSchema, BatteryViewSchema, EventArgsSchema } from '../schemas/views.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

/**
 * Batteries: one (read from the contracts), a holder's or all (ids from the event index), a battery's
 * history (from the index, with block timestamps), and the id a registration tag was given.
 */
export async function batteryRoutes(app: StationFastify, ctx: StationContext): Promise<void> {
  app.get(
    '/api/batteries/:id',
    {
      schema: {
        summary: "A battery's static and dynamic info, static hash and price",
        tags: ['batteries'],
        params: Type.Object({ id: IdSchema }),
        response: { 200: BatteryViewSchema, 304: Type.Null({ description: 'unchanged since the ETag in If-None-Match' }), 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const b = await getBattery(ctx.publicClient, ctx.deployment, request.params.id)
      if (!b) return sendError(reply, 404, { code: 'not_found', message: `no battery ${request.params.id}` })
      return sendWithEtag(request, reply, b)
    },
  )

  app.get(
    '/api/batteries/:id/state',
    {
      schema: {
        summary: "What of a battery can change: its dynamic info, price and static hash (static info never changes once registered)",
        description:
          'For a reader that already holds the static info (a device checking its batteries): a third smaller than the whole view, and with If-None-Match a 304 and no body while nothing changed. Every value is of block `block` (`blockHash`), so a device can check them with a proof of that block (`/api/chain/proof`); the ETag leaves the block out.',
        tags: ['batteries'],
        params: Type.Object({ id: IdSchema }),
        response: { 200: BatteryStateSchema, 304: Type.Null({ description: 'unchanged since the ETag in If-None-Match' }), 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      // One block for every value, read as the device will prove it at that block; named by its hash too, so
      // that a device proving the claim on a chain that has moved since (a reorganization) tells that from a lie.
      const block = await readBlockRef(ctx.publicClient, 'latest')
      const b = await readBatteryStateAt(ctx.publicClient, ctx.deployment, request.params.id, block)
      if (!b) return sendError(reply, 404, { code: 'not_found', message: `no battery ${request.params.id}` })
      return sendWithEtag(request, reply, { ...b, block: Number(block.number), blockHash: block.hash }, b)
    },
  )

  app.get(
    '/api/batteries',
    {
      schema: {
        summary: 'Batteries held by a unit (or all), optionally in one status, by id, a page at a time, from the event index',
        tags: ['batteries'],
        querystring: Type.Object({ holder: Type.Optional(UnitSchema), status: Type.Optional(BatteryStatusSchema), ...PageQuerySchema }),
        response: { 200: Type.Array(BatteryViewSchema) },
      },
    },
    async (request, reply) => {
      const { holder, status } = request.query
      const page = await ctx.index.batteries({ ...pageQuery(request.query), ...(holder === undefined ? {} : { holder }), ...(status === undefined ? {} : { status }) })
      return sendPage(request, reply, page, async (items) => {
        const views = await Promise.all(items.map((b) => ctx.readBatteryCached(b.id)))
        // The index may run a little ahead of or behind a read; the read is the authority on the holder.
        return views.filter((v) => v !== null && (holder === undefined || v.dynamicInfo.holder === holder))
      })
    },
  )

  app.get(
    '/api/batteries/:id/history',
    {
      schema: {
        summary: 'Every event about a battery, oldest (or newest) first, a page at a time',
        tags: ['batteries'],
        params: Type.Object({ id: IdSchema }),
        querystring: Type.Object({ order: OrderSchema, ...PageQuerySchema }),
        response: {
          200: Type.Array(Type.Object({ event: Type.String(), blockNumber: Type.Integer(), txHash: HashSchema, timestamp: Type.Integer(), args: EventArgsSchema })),
          404: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const id = request.params.id
      if (!(await ctx.index.battery(id)) && !(await getBattery(ctx.publicClient, ctx.deployment, id))) {
        return sendError(reply, 404, { code: 'not_found', message: `no battery ${id}` })
      }
      return sendPage(request, reply, await ctx.index.history(id, { ...pageQuery(request.query), newest: request.query.order === 'newest' }), (events) =>
        events.map((e) => ({ event: e.event, blockNumber: e.blockNumber, txHash: e.txHash, timestamp: e.time ?? 0, args: e.args })),
      )
    },
  )

  app.get(
    '/api/registrations/:tag',
    {
      schema: {
        summary: 'The battery id a BatteryRegistered event with this tag gave (a device that crashed finds its id)',
        tags: ['batteries'],
        params: Type.Object({ tag: HashSchema }),
        response: { 200: Type.Object({ batteryId: Type.Integer() }), 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const batteryId = await ctx.index.registration(request.params.tag as `0x${string}`)
      if (batteryId === undefined) {
        return sendError(reply, 404, { code: 'not_found', message: `no battery was registered with tag ${request.params.tag}`, hint: 'if the request was just sent, retry after the next block' })
      }
      return { batteryId }
    },
  )
}
