import { Type } from '@sinclair/typebox'
import { getAddress, type Address } from 'viem'
import { gethRpc } from '../../../network/gethRpc.js'
import { createRecentBlocksReader } from '../network/createRecentBlocksReader.js'
import { readNetworkOverview } from '../network/readNetworkOverview.js'
import { AddressSchema } from '../schemas/primitives.js'
import { NetworkOverviewSchema } from '../schemas/views.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

type NodeRow = { url: string; up: boolean; head: number | null; peers: number | null; signer: Address | null; lag: number | null; error?: string }

/**
 * `GET /api/network/overview`: this station's own node's view for its operator's network page (see
 * readNetworkOverview).
 *
 * `GET /api/network`: each configured node's head, peers and whether it seals (geth Clique), and how far
 * it lags the highest head. A node that does not answer within 1.5 s is reported down; anvil, which has
 * no Clique, reports no signers.
 */
export async function networkRoutes(app: StationFastify, ctx: StationContext): Promise<void> {
  const nullableInt = Type.Union([Type.Integer(), Type.Null()])
  app.get(
    '/api/network',
    {
      schema: {
        summary: "The chain nodes' heads, peers, signers and lag",
        tags: ['station'],
        response: {
          200: Type.Object({
            nodes: Type.Array(
              Type.Object({
                url: Type.String(),
                up: Type.Boolean(),
                head: nullableInt,
                peers: nullableInt,
                signer: Type.Union([AddressSchema, Type.Null()], { description: "the node's etherbase when it is a Clique signer" }),
                lag: nullableInt,
                error: Type.Optional(Type.String()),
              }),
            ),
            head: nullableInt,
            signers: Type.Array(AddressSchema),
          }),
        },
      },
    },
    async () => {
      let signers: Address[] | undefined
      const rows = await Promise.all(
        ctx.nodeUrls.map(async (url): Promise<NodeRow> => {
          const call = <T>(method: string) => gethRpc<T>(url, method, [], 1500)
          try {
            const [head, peers, nodeSigners, coinbase] = await Promise.all([
              call<string>('eth_blockNumber'),
              call<string>('net_peerCount').catch(() => null),
              call<string[]>('clique_getSigners').catch(() => null),
              call<string>('eth_coinbase').catch(() => null),
            ])
            const list = nodeSigners?.map((s) => getAddress(s))
            if (list && !signers) signers = list
            const etherbase = coinbase ? getAddress(coinbase) : null
            return { url, up: true, head: Number(BigInt(head)), peers: peers === null ? null : Number(BigInt(peers)), signer: etherbase && list?.includes(etherbase) ? etherbase : null, lag: null }
          } catch (e) {
            return { url, up: false, head: null, peers: null, signer: null, lag: null, error: e instanceof Error ? e.message : String(e) }
          }
        }),
      )
      const heads = rows.flatMap((r) => (r.head === null ? [] : [r.head]))
      const head = heads.length ? Math.max(...heads) : null
      for (const r of rows) if (r.head !== null && head !== null) r.lag = head - r.head
      return { nodes: rows, head, signers: signers ?? [] }
    },
  )

  const readBlocks = createRecentBlocksReader(ctx.publicClient)
  app.get(
    '/api/network/overview',
    {
      schema: {
        summary: "This station's view of the network: head and its age, signers and who sealed the last blocks, its node's peers, its relay's queue and last batch, in one line of plain words",
        tags: ['station'],
        response: { 200: NetworkOverviewSchema },
      },
    },
    async () => readNetworkOverview({ publicClient: ctx.publicClient, readBlocks, relay: ctx.relay, blockPeriodMs: ctx.blockPeriodMs, ...(ctx.signerNames ? { signerNames: ctx.signerNames } : {}) }),
  )
}
