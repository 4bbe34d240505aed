import type { PublicClient } from 'viem'

/**
 * The chain's block period in ms, from the timestamps of the last `span` blocks (1 s when the chain is
 * too young to tell). Devices use it to pace their polling.
 *
 * @example
 * await estimateBlockPeriodMs(publicClient) // 1000 on anvil --block-time 1, 5000 on a 5 s Clique network
 */
export async function estimateBlockPeriodMs(publicClient: PublicClient, span = 20): Promise<number> {
  const head = await publicClient.getBlock({ blockTag: 'latest' })
  if (head.number < BigInt(span)) return 1000
  const past = await publicClient.getBlock({ blockNumber: head.number - BigInt(span) })
  const ms = (Number(head.timestamp - past.timestamp) * 1000) / span
  // A node that was stopped for a while leaves a gap in the timestamps; beyond a minute, guess a second.
  return ms > 0 && ms <= 60_000 ? Math.max(100, Math.round(ms)) : 1000
}
