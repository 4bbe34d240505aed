import { Type } from '@sinclair/typebox'
import { AddressSchema, ErrorSchema, HashSchema } from '../schemas/primitives.js'
import { readCliqueSigners } from '../readCliqueSigners.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

/**
 * `GET /api/health` (is the station and its node up?) and `GET /api/config` (what a device needs to sign
 * and pins at enrolment: chain id, genesis hash, contract addresses and Clique's signers; and the other
 * stations to fail over to).
 */
export async function healthRoutes(app: StationFastify, ctx: StationContext): Promise<void> {
  app.get(
    '/api/health',
    {
      schema: {
        summary: 'Whether the station and its chain node answer',
        tags: ['station'],
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            chainId: Type.Integer(),
            head: Type.Integer(),
            station: Type.Object({ id: Type.Integer(), name: Type.String() }),
            index: Type.Object({ engine: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]), head: Type.Integer({ description: 'the last block indexed' }) }),
          }),
          503: ErrorSchema,
        },
      },
    },
    async () => {
      const [chainId, head] = await Promise.all([ctx.publicClient.getChainId(), ctx.publicClient.getBlockNumber({ cacheTime: 0 })])
      return { ok: true, chainId, head: Number(head), station: { id: ctx.station.id, name: ctx.station.name }, index: { engine: ctx.index.engine, head: ctx.index.head() } }
    },
  )

  app.get(
    '/api/config',
    {
      schema: {
        summary: 'Chain id, genesis hash, contract addresses, Clique signers, block period, this station and its peers',
        tags: ['station'],
        response: {
          200: Type.Object({
            chainId: Type.Integer(),
            deployment: Type.Object({
              chainId: Type.Integer(),
              forwarder: AddressSchema,
              batteryProcess: AddressSchema,
              balanceProcess: AddressSchema,
              stationDirectory: AddressSchema,
              batteryInterface: AddressSchema,
              superAccount: AddressSchema,
              deployer: AddressSchema,
              block: Type.Integer(),
            }),
            genesisHash: HashSchema,
            clique: Type.Union(
              [
                Type.Object({
                  epoch: Type.Integer({ description: 'blocks between checkpoints' }),
                  signers: Type.Array(AddressSchema, { description: 'the signer set at signersBlock, sorted' }),
                  signersBlock: Type.Integer(),
                }),
                Type.Null(),
              ],
              { description: "Clique's signer set at the head and its epoch; null on a chain without seals (the embedded anvil)" },
            ),
            blockPeriodMs: Type.Integer(),
            station: Type.Object({ id: Type.Integer(), name: Type.String(), url: Type.String() }),
            peers: Type.Array(Type.String()),
          }),
        },
      },
    },
    async () => {
      const { genesisHash, cliqueEpoch } = ctx.chain
      const clique = cliqueEpoch === null ? null : { epoch: cliqueEpoch, ...(await readCliqueSigners(ctx.publicClient)) }
      return { chainId: ctx.deployment.chainId, deployment: ctx.deployment, genesisHash, clique, blockPeriodMs: ctx.blockPeriodMs, station: ctx.station, peers: ctx.peers }
    },
  )
}
