import { Type } from '@sinclair/typebox'
import { getAddress } from 'viem'
import { getAccount } from '../../../sdk/reads/getAccount.js'
import { LEDGER_DEFAULT_LIMIT, LEDGER_MAX_LIMIT } from '../../store/queries/queryLedger.js'
import { pageQuery, PageQuerySchema, sendPage } from '../pagedList.js'
import { AccountViewSchema, LedgerPageSchema } from '../schemas/views.js'
import { AddressSchema, ErrorSchema } from '../schemas/primitives.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

/**
 * `GET /api/accounts/:address` (read from the contracts), `GET /api/accounts` and
 * `GET /api/accounts/:address/ledger` (from the event index).
 */
export async function accountRoutes(app: StationFastify, ctx: StationContext): Promise<void> {
  app.get(
    '/api/accounts/:address',
    {
      schema: {
        summary: "An account's role, unit, E-coin balance and whether it is the super account",
        tags: ['accounts'],
        params: Type.Object({ address: AddressSchema }),
        response: { 200: AccountViewSchema, 400: ErrorSchema },
      },
    },
    async (request) => getAccount(ctx.publicClient, ctx.deployment, getAddress(request.params.address)),
  )

  app.get(
    '/api/accounts',
    {
      schema: {
        summary: 'Registered accounts and super accounts, by address, a page at a time, from AccountRegistered and role events',
        tags: ['accounts'],
        querystring: Type.Object(PageQuerySchema),
        response: { 200: Type.Array(AccountViewSchema) },
      },
    },
    async (request, reply) => sendPage(request, reply, await ctx.index.accounts(pageQuery(request.query)), (rows) => rows),
  )

  app.get(
    '/api/accounts/:address/ledger',
    {
      schema: {
        summary: "Every E-coin movement of an account, newest first: grants, escrow, settlement, refunds, fees, transfers",
        description:
          "From the E-coin Transfer events, each classified by the BatteryInterface operation of the same call, with the amount signed from the account's point of view, the counterparty, a sentence and the running balance. Paged: `next` is the `before` of the next (older) page.",
        tags: ['accounts'],
        params: Type.Object({ address: AddressSchema }),
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LEDGER_MAX_LIMIT, default: LEDGER_DEFAULT_LIMIT, description: `most entries (default ${LEDGER_DEFAULT_LIMIT}, at most ${LEDGER_MAX_LIMIT})` })),
          before: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}:[0-9]{1,9}$', description: 'block:logIndex, the `next` of the previous page: only older entries' })),
        }),
        response: { 200: LedgerPageSchema, 400: ErrorSchema },
      },
    },
    async (request) => {
      const account = getAddress(request.params.address)
      const { limit, before } = request.query
      return { account, ...(await ctx.index.ledger(account, { ...(limit === undefined ? {} : { limit }), ...(before === undefined ? {} : { before }) })) }
    },
  )
}
