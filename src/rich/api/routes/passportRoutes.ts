import { Type } from '@sinclair/typebox'
import { keccak256, toHex, type Address, type Hex } from 'viem'
import { buildPassport } from '../../../passport/buildPassport.js'
import { checkPassportAccess, type NamedAccount } from '../../../passport/checkPassportAccess.js'
import { passportRequestDomain } from '../../../passport/passportRequestTypes.js'
import { verifyPassportRequest } from '../../../passport/verifyPassportRequest.js'
import { batteryInterfaceAbi } from '../../../sdk/abi/batteryInterface.js'
import { describeUnit, isStationUnit } from '../../../sdk/units.js'
import { readPassportSource } from '../../passport/readPassportSource.js'
import { sendError } from '../sendError.js'
import { ErrorSchema, IdSchema } from '../schemas/primitives.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

const SUPER_ROLE = keccak256(toHex('SUPER_ROLE'))

/**
 * `GET /api/batteries/:id/passport`: the battery passport (docs/passport.md). The public tier is open; the
 * legitimate-interest tier only answers a request signed (EIP-712, `passportRequestTypes`) by the battery's
 * owner, the station that holds it, or a super account.
 */
export async function passportRoutes(app: StationFastify, ctx: StationContext): Promise<void> {
  const read = <T>(functionName: 'accountOfUnit' | 'hasRole', args: readonly unknown[]) =>
    ctx.publicClient.readContract({ address: ctx.deployment.batteryInterface, abi: batteryInterfaceAbi, functionName, args } as never) as Promise<T>
  const named = async (address: Address): Promise<NamedAccount> => {
    const account = await ctx.index.account(address)
    return { address, name: account && account.unit ? describeUnit(account.unit) : 'an account' }
  }

  app.get(
    '/api/batteries/:id/passport',
    {
      schema: {
        summary: "A battery's passport (EU 2023/1542, Battery Pass data model 1.2): public, or legitimate-interest when signed",
        description:
          'tier=public (the default) holds what is true of the battery model; tier=legitimate adds its state of health, cycles, negative events, use and history, and needs `expires` (unix seconds) and `signature`: an EIP-712 signature of PassportRequest { batteryId, tier: "legitimate", expires } in the domain { name: "evswap passport", version: "1", chainId, verifyingContract: the BatteryInterface address } by the battery\'s owner, the station that holds it, or a super account. The document validates against the JSON Schema of docs/passport.md.',
        tags: ['batteries'],
        params: Type.Object({ id: IdSchema }),
        querystring: Type.Object({
          tier: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('legitimate')], { description: 'public (default) or legitimate' })),
          expires: Type.Optional(Type.Integer({ minimum: 0, description: 'legitimate tier: when the signed request stops being valid, unix seconds' })),
          signature: Type.Optional(Type.String({ pattern: '^0x[0-9a-fA-F]{130}$', description: 'legitimate tier: the EIP-712 signature, 65 bytes hex' })),
        }),
        response: {
          200: Type.Object({}, { additionalProperties: true, description: 'the passport document (docs/passport.md)' }),
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const id = request.params.id
      const tier = request.query.tier ?? 'public'
      const source = await readPassportSource(ctx, id, `${ctx.station.url}/#passport=${id}`)
      if (!source) return sendError(reply, 404, { code: 'not_found', message: `no battery ${id} is registered on this network`, hint: 'check the battery number' })
      const now = Math.floor(Date.now() / 1000)
      if (tier === 'legitimate') {
        const { expires, signature } = request.query
        const owner = await named(source.dynamicInfo.owner)
        // Cached: readPassportSource has just read it.
        const holder = (await ctx.readBatteryCached(id))?.dynamicInfo.holder
        const holderStationAccount = holder !== undefined && isStationUnit(holder) ? { address: await read<Address>('accountOfUnit', [holder]), name: describeUnit(holder) } : null
        const superAccounts = [{ address: ctx.deployment.superAccount, name: 'super' }]
        if (expires === undefined || signature === undefined) {
          return sendError(reply, 401, {
            code: 'unsigned',
            message: `The legitimate-interest passport of battery ${id} is given only to a signed request, by its owner (${owner.name}), the station that holds it or a super account.`,
            hint: 'sign PassportRequest { batteryId, tier: "legitimate", expires } (EIP-712, docs/passport.md) and send expires and signature; or ask for tier=public',
          })
        }
        const verified = await verifyPassportRequest({
          batteryId: id,
          domain: passportRequestDomain(ctx.deployment.chainId, ctx.deployment.batteryInterface),
          message: { batteryId: id, tier, expires },
          signature: signature as Hex,
          now,
        })
        if (!verified.ok) return sendError(reply, 400, { code: 'bad_signature', message: verified.reason, hint: 'sign a new request that has not expired' })
        // A super account other than the deployment's own is one the chain says has the role.
        if ((await read<boolean>('hasRole', [SUPER_ROLE, verified.signer])) && verified.signer.toLowerCase() !== ctx.deployment.superAccount.toLowerCase()) {
          superAccounts.push({ address: verified.signer, name: 'super' })
        }
        const signer = await named(verified.signer)
        const access = checkPassportAccess({ batteryId: id, signer: verified.signer, ...(signer.name === 'an account' ? {} : { signerName: signer.name }), owner, holderStationAccount, superAccounts })
        if (!access.ok) return sendError(reply, 403, { code: 'forbidden', message: access.reason, hint: 'ask for tier=public, or have one of them sign the request' })
      }
      return buildPassport(source, tier, now)
    },
  )
}
