/** What the liveness watch knows when it decides: how long the head has stood still, and who is online. */
export type CliqueLivenessView = {
  /** Milliseconds since this node's head last changed. */
  stalledMs: number
  /** How long a stall may last before it counts as a deadlock (already including this node's jitter). */
  thresholdMs: number
  /** Clique signers in this node's view. */
  signers: number
  /** Connected peers that are signers (every connected peer, when the watch does not know the network's members). */
  peers: number
}

/** A rewind to do, or why not. */
export type CliqueRewindDecision = { rewind: true; blocks: number } | { rewind: false; reason: string }

/**
 * Decides whether a stalled Clique node is deadlocked and should rewind its head.
 *
 * A signer may seal only once in `floor(n/2)+1` consecutive blocks, so that many signers online keep the
 * chain moving. If they are online and the head still stands still, the signers sit on competing forks
 * of equal difficulty, each one "signed recently" in its own view, and no fork choice ever moves them
 * (go-ethereum#18402, EIP-3436). Rewinding that many blocks drops this node below its peers'
 * difficulty, so it syncs one peer's fork and, in that view, can seal the next block. With fewer signers
 * online the halt is Clique working as designed (it waits for them), and a rewind would only throw blocks
 * away: no rewind then.
 *
 * @example
 * decideCliqueRewind({ stalledMs: 31_000, thresholdMs: 30_000, signers: 4, peers: 2 }) // { rewind: true, blocks: 3 }
 * decideCliqueRewind({ stalledMs: 31_000, thresholdMs: 30_000, signers: 4, peers: 1 }) // { rewind: false, … }
 */
export function decideCliqueRewind(v: CliqueLivenessView): CliqueRewindDecision {
  const needed = Math.floor(v.signers / 2) + 1
  if (v.stalledMs < v.thresholdMs) return { rewind: false, reason: `head moved ${Math.round(v.stalledMs / 1000)} s ago` }
  if (v.signers <= 1) return { rewind: false, reason: 'a single signer cannot deadlock; is it sealing?' }
  const online = v.peers + 1
  if (online < needed) {
    return { rewind: false, reason: `${online} of ${v.signers} signers online, ${needed} are needed to seal: waiting for them` }
  }
  return { rewind: true, blocks: needed }
}
