import { Type } from '@sinclair/typebox'
import { getAddress } from 'viem'
import { getForwarderNonce } from '../../../sdk/reads/getForwarderNonce.js'
import { AddressSchema } from '../schemas/primitives.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

/** `GET /api/nonce/:address`: the forwarder nonce a device must sign next. */
export async function nonceRoutes(app: StationFastify, ctx: StationContext): Promise<void> {
  app.get(
    '/api/nonce/:address',
    {
      schema: {
        summary: 'The forwarder nonce the device must sign next',
        tags: ['relay'],
        params: Type.Object({ address: AddressSchema }),
        response: { 200: Type.Object({ nonce: Type.String({ pattern: '^[0-9]+$' }) }) },
      },
    },
    async (request) => ({ nonce: (await getForwarderNonce(ctx.publicClient, ctx.deployment, getAddress(request.params.address))).toString() }),
  )
}
