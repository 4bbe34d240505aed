import { Type } from '@sinclair/typebox'
import { batteryInterfaceAbi } from '../../../sdk/abi/batteryInterface.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

/**
 * `GET /api/paused`: whether the super account has paused user operations (charge, discharge, swaps...).
 * Every role's GUI shows it, so that nobody signs a request the contracts will refuse.
 */
export async function pausedRoutes(app: StationFastify, ctx: StationContext): Promise<void> {
  app.get(
    '/api/paused',
    {
      schema: {
        summary: 'Whether user operations are paused by the super account',
        tags: ['station'],
        response: { 200: Type.Object({ paused: Type.Boolean() }) },
      },
    },
    async () => {
      const paused = await ctx.publicClient.readContract({ address: ctx.deployment.batteryInterface, abi: batteryInterfaceAbi, functionName: 'paused' })
      return { paused }
    },
  )
}
