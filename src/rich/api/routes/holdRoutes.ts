import { batteryInterfaceAbi } from '../../../sdk/abi/batteryInterface.js'
import { forfeitToNames } from '../../../sdk/enums.js'
import { HoldTermsSchema } from '../schemas/holdSchemas.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

/**
 * `GET /api/holds/terms`: how long a battery hold lasts, its fee and where an unused hold's fee goes, as the
 * super account set them. The EV GUI says them before an owner holds a battery. Running holds are listed
 * with each station by `GET /api/stations`.
 */
export async function holdRoutes(app: StationFastify, ctx: StationContext): Promise<void> {
  app.get(
    '/api/holds/terms',
    {
      schema: {
        summary: 'The terms new battery holds are taken at',
        tags: ['stations'],
        response: { 200: HoldTermsSchema },
      },
    },
    async () => {
      const t = await ctx.publicClient.readContract({ address: ctx.deployment.batteryInterface, abi: batteryInterfaceAbi, functionName: 'holdTerms' })
      return { durationSeconds: t.duration, fee: BigInt(t.fee).toString(), forfeitTo: forfeitToNames[t.forfeitTo] ?? 'Station' }
    },
  )
}
