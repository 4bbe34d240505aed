import type { Address } from 'viem'
import type { RecentBlock } from './RecentBlock.js'

export type SummarizeNetworkParameters = {
  /** The Clique signers at the head; empty on a chain without them (the embedded anvil). */
  signers: readonly Address[]
  /** The last blocks, newest first, at least `onlineWindow(signers.length)` of them when the chain is that long. */
  blocks: readonly RecentBlock[]
  /** The address this station's node seals with, or null when it seals nothing. */
  self: Address | null
  /** Station names by signer address (any case), from the network description. */
  names?: Readonly<Record<string, string>>
  /** Unix ms now. */
  now: number
  /** The chain's block period in ms. */
  blockPeriodMs: number
}

export type SignerActivity = {
  address: Address
  name: string | null
  self: boolean
  /** The newest of the recent blocks it sealed, or null if it sealed none of them. */
  lastSealed: number | null
  /** How many of the last `window` blocks it sealed. */
  sealed: number
  online: boolean
}

export type NetworkSummary = {
  /** The plain-words line: "This station is sealing; 3 of 3 signers online." */
  summary: string
  /** Blocks looked at to call a signer online: two rounds of the signers. */
  window: number
  signers: SignerActivity[]
  online: number
  /** Seconds since the head block was made. */
  headAgeSeconds: number | null
  /** No block for longer than {@link stalledAfterMs}. */
  stalled: boolean
}

/**
 * Blocks a signer must have sealed one of to count as online: two rounds of the signers. An online
 * signer seals its in-turn block each round (Clique lets every signer seal at most one of any
 * floor(n/2)+1 blocks in a row), so one round it misses (a slow turn, a block lost to a race) is no alarm,
 * two are.
 */
export const onlineWindow = (signers: number) => 2 * signers

/** No block for this long is a stopped chain: ten periods, and never under 30 s (a busy machine is late). */
export const stalledAfterMs = (blockPeriodMs: number) => Math.max(30_000, 10 * blockPeriodMs)

/**
 * What a station operator wants to know of the network in one line, from the last blocks and their
 * sealers: whether this station seals, how many signers are online (sealed one of the last
 * {@link onlineWindow} blocks), which signer has been silent and since how long, whether the chain stopped.
 * On the embedded dev chain (no signers) it says so instead.
 *
 * @example
 * summarizeNetwork({ signers: [a, b, c], blocks, self: a, now: Date.now(), blockPeriodMs: 1000 }).summary
 * // "This station is sealing; 3 of 3 signers online."
 */
export function summarizeNetwork(p: SummarizeNetworkParameters): NetworkSummary {
  const head = p.blocks[0]
  const headAgeSeconds = head ? Math.max(0, Math.round(p.now / 1000 - head.timestamp)) : null
  const stalled = headAgeSeconds !== null && headAgeSeconds * 1000 > stalledAfterMs(p.blockPeriodMs)
  const stopped = stalled ? `The chain has made no block for ${duration(headAgeSeconds!)}. ` : ''
  if (p.signers.length === 0) {
    return {
      summary: `${stopped}This station runs the embedded dev chain: one node, which makes every block itself; there are no signers.`,
      window: 0,
      signers: [],
      online: 0,
      headAgeSeconds,
      stalled,
    }
  }
  const window = onlineWindow(p.signers.length)
  const inWindow = p.blocks.slice(0, window)
  const names = new Map(Object.entries(p.names ?? {}).map(([a, n]) => [a.toLowerCase(), n]))
  const same = (a: Address | null, b: Address) => a !== null && a.toLowerCase() === b.toLowerCase()
  const signers = p.signers.map((address): SignerActivity => {
    const sealed = inWindow.filter((b) => same(b.sealer, address)).length
    return {
      address,
      name: names.get(address.toLowerCase()) ?? null,
      self: same(p.self, address),
      lastSealed: p.blocks.find((b) => same(b.sealer, address))?.number ?? null,
      sealed,
      online: sealed > 0,
    }
  })
  const online = signers.filter((s) => s.online).length
  const me = signers.find((s) => s.self)
  const span = inWindow.length > 0 ? `the last ${inWindow.length} ${inWindow.length === 1 ? 'block' : 'blocks'} (${duration(inWindow[0]!.timestamp - inWindow.at(-1)!.timestamp + Math.round(p.blockPeriodMs / 1000))})` : 'any block'
  const station = !me ? 'This station is not a signer' : me.online ? 'This station is sealing' : `This station is a signer but sealed none of ${span}`
  const silent = signers.filter((s) => !s.online && !s.self).map((s) => `Signer ${s.name ?? s.address} has sealed none of ${span}.`)
  return {
    summary: [`${stopped}${station}; ${online} of ${signers.length} signers online.`, ...silent].join(' '),
    window,
    signers,
    online,
    headAgeSeconds,
    stalled,
  }
}

/** "45 s", "4 min", "2 h": how long, rounded to what a person reads. */
function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`
  return `${Math.round(seconds / 3600)} h`
}
