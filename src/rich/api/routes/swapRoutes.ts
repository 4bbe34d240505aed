import { Type } from '@sinclair/typebox'
import { decodeEvswapError } from '../../../sdk/decodeEvswapError.js'
import { explainRevert } from '../../../sdk/errors/explainRevert.js'
import { getSwap } from '../../../sdk/reads/getSwap.js'
import { quoteSwap } from '../../../sdk/reads/quoteSwap.js'
import { isRevertError } from '../../relay/isRevertError.js'
import { sendError } from '../sendError.js'
import { CentsSchema, ErrorSchema, IdSchema, UnitSchema } from '../schemas/primitives.js'
import { SwapViewSchema } from '../schemas/views.js'
import { OrderSchema, pageQuery, PageQuerySchema, sendPage } from '../pagedList.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

/** Swaps: a quote, the swaps involving a unit (ids from the index, views from the contracts), one swap. */
export async function swapRoutes(app: StationFastify, ctx: StationContext): Promise<void> {
  app.get(
    '/api/quote',
    {
      schema: {
        summary: 'What swapping an EV battery for a station battery costs now (cents)',
        tags: ['swaps'],
        querystring: Type.Object({ ev: IdSchema, station: IdSchema }),
        response: { 200: Type.Object({ difference: CentsSchema, fee: CentsSchema, cost: CentsSchema }), 422: ErrorSchema },
      },
    },
    async (request, reply) => {
      try {
        return await quoteSwap(ctx.publicClient, ctx.deployment, request.query.ev, request.query.station)
      } catch (e) {
        if (!isRevertError(e)) throw e
        // The same sentence a refused swap request gets: "Battery 3 is EV 1’s own, …", never the error's name.
        const why = await explainRevert(ctx, decodeEvswapError(e))
        return sendError(reply, 422, { code: 'would_revert', message: why.message, hint: why.hint, reason: why.reason })
      }
    },
  )

  app.get(
    '/api/swaps',
    {
      schema: {
        summary: 'Swap requests involving a unit (as EV or station), optionally of one status, oldest (or newest) first, a page at a time',
        tags: ['swaps'],
        querystring: Type.Object({
          unit: Type.Optional(UnitSchema),
          status: Type.Optional(Type.Union([Type.Literal('Pending'), Type.Literal('Approved'), Type.Literal('Denied'), Type.Literal('Cancelled')])),
          order: OrderSchema,
          ...PageQuerySchema,
        }),
        response: { 200: Type.Array(SwapViewSchema) },
      },
    },
    async (request, reply) => {
      const { unit, status } = request.query
      const page = await ctx.index.swaps({ ...pageQuery(request.query), ...(unit === undefined ? {} : { unit }), ...(status ? { status } : {}), newest: request.query.order === 'newest' })
      return sendPage(request, reply, page, async (swaps) => {
        const views = await Promise.all(swaps.map((s) => getSwap(ctx.publicClient, ctx.deployment, s.id)))
        // The contract is the authority on status; the index may be a block behind.
        return views.filter((v) => v !== null && (!status || v.status === status))
      })
    },
  )

  app.get(
    '/api/swaps/:id',
    {
      schema: {
        summary: 'One swap request',
        tags: ['swaps'],
        params: Type.Object({ id: IdSchema }),
        response: { 200: SwapViewSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const s = await getSwap(ctx.publicClient, ctx.deployment, request.params.id)
      if (!s) return sendError(reply, 404, { code: 'not_found', message: `no swap ${request.params.id}` })
      return s
    },
  )
}
