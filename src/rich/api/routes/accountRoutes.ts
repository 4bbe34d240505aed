import { Type } from '@sinclair/typebox'
import { getAddress, type Address } from 'viem'
import { getAccount } from '../../../sdk/reads/getAccount.js'
import { AccountViewSchema, } from '../schemas/views.js'
import { AddressSchema, ErrorSchema } from '../schemas/primitives.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

/** `GET /api/accounts/:address` (read from the contracts) and `GET /api/accounts` (from the event index). */
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
        summary: 'Every registered account (and the super account), from AccountRegistered events',
        tags: ['accounts'],
        response: { 200: Type.Array(AccountViewSchema) },
      },
    },
    async () => {
      const supers = new Set(ctx.index.superAccounts())
      const registered = ctx.index.accounts()
      const rows = registered.map((a) => ({ ...a, balance: ctx.index.balanceOf(a.address), isSuper: supers.has(a.address) }))
      const seen = new Set(registered.map((a) => a.address))
      for (const s of supers) if (!seen.has(s)) rows.unshift({ address: s as Address, role: 'None', unit: 0, balance: ctx.index.balanceOf(s), isSuper: true })
      return rows
    },
  )
}
