import type { Static } from '@sinclair/typebox'
import { getAddress, type Address, type PublicClient } from 'viem'
import type { Relay } from '../../relay/createRelay.js'
import type { LastBatch } from '../../relay/LastBatch.js'
import { nodeRequest } from '../nodeRequest.js'
import type { NetworkOverviewSchema } from '../schemas/views.js'
import type { RecentBlocksReader } from './createRecentBlocksReader.js'
import { onlineWindow, summarizeNetwork } from './summarizeNetwork.js'

export type NetworkOverview = Static<typeof NetworkOverviewSchema>

export type ReadNetworkOverviewParameters = {
  publicClient: PublicClient
  readBlocks: RecentBlocksReader
  relay: Pick<Relay, 'stats'>
  blockPeriodMs: number
  signerNames?: Readonly<Record<string, string>>
}

/** Blocks listed on the page: two rounds of the signers, at least 8, at most 64. */
const blocksToList = (signers: number) => Math.min(64, Math.max(8, onlineWindow(signers)))

/**
 * This station's view of the network for its operator's network page: the head and its age, the signers
 * and who sealed the last blocks, whether this station's node seals and how many peers it has, the relay's
 * queue and last batch, and the plain-words line of {@link summarizeNetwork}. A geth API the node does not
 * serve (anvil has no `clique_*`, `eth_mining`...) reads as "no signers" or null, never as an error.
 *
 * @example
 * const view = await readNetworkOverview({ publicClient, readBlocks: createRecentBlocksReader(publicClient), relay, blockPeriodMs: 1000 })
 * view.summary // "This station is sealing; 3 of 3 signers online."
 */
export async function readNetworkOverview(p: ReadNetworkOverviewParameters): Promise<NetworkOverview> {
  const ask = <T>(method: string) => nodeRequest<T>(p.publicClient, method).catch(() => null)
  const [rawSigners, coinbase, mining, peers] = await Promise.all([ask<string[]>('clique_getSigners'), ask<string>('eth_coinbase'), ask<boolean>('eth_mining'), ask<string>('net_peerCount')])
  const signers = (rawSigners ?? []).map((s) => getAddress(s))
  const clique = rawSigners !== null
  const etherbase = coinbase ? getAddress(coinbase) : null
  const self: Address | null = etherbase && signers.includes(etherbase) ? etherbase : null
  const blocks = await p.readBlocks(blocksToList(signers.length), clique)
  const now = Date.now()
  const s = summarizeNetwork({ signers, blocks, self, now, blockPeriodMs: p.blockPeriodMs, ...(p.signerNames ? { names: p.signerNames } : {}) })
  const nameOf = (a: Address | null) => (a ? (s.signers.find((x) => x.address === a)?.name ?? null) : null)
  const head = blocks[0]
  const { queued, sent, inFlight, lastBatch } = p.relay.stats()
  return {
    clique,
    summary: s.summary,
    head: head ? { number: head.number, hash: head.hash, timestamp: head.timestamp, ageSeconds: s.headAgeSeconds ?? 0 } : null,
    stalled: s.stalled,
    blockPeriodMs: p.blockPeriodMs,
    station: { signer: self, mining: clique ? mining : null, peers: peers === null ? null : Number(BigInt(peers)) },
    window: s.window,
    online: s.online,
    signers: s.signers,
    blocks: blocks.map((b) => ({ ...b, sealerName: nameOf(b.sealer) })),
    relay: { queued, sent, inFlight, lastBatch: lastBatch && withGasText(lastBatch) },
  }
}

/** Gas as a decimal string, as every amount the API writes. */
function withGasText({ gasUsed, ...rest }: LastBatch): NetworkOverview['relay']['lastBatch'] {
  return { ...rest, ...(gasUsed !== undefined ? { gasUsed: String(gasUsed) } : {}) }
}
