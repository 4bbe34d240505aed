import { getAddress, type Address } from 'viem'
import type { DecodedHeader } from './DecodedHeader.js'
import { HeaderQuorumError } from './HeaderQuorumError.js'
import { quorumSize } from './quorumSize.js'
import { recoverSealer } from './recoverSealer.js'

/** A block a device may act on: its header, and the distinct signers who sealed it or built on it. */
export type HeaderQuorum = { header: DecodedHeader; sealers: Address[] }

/**
 * Accepts block B, the first of a contiguous run [B, B+1, …, B+k], when at least floor(N/2)+1 headers of the
 * run (B included) were sealed by distinct signers of the set. Every header must be linked to the one before
 * (parentHash and number) and sealed by a member of the set (or one of `tolerated`, whose seals do not
 * count), or the whole run is refused. One signer key, or any minority of
 * keys, cannot build such a run on its own, so a station holding one key cannot make a device accept a
 * block the other signers never built on.
 *
 * The set is the one of the device's last followed checkpoint: votes between checkpoints are not tallied,
 * so a newly voted signer counts (and is accepted as a sealer) from the next checkpoint on, and a run with
 * its seals before that is refused as sealed by a stranger.
 *
 * @throws HeaderQuorumError naming the block and what is missing; `reason: 'short'` when the run is valid
 * but too few signers have built on B yet
 * @example
 * const { header, sealers } = await acceptHeaderQuorum(run.map(decodeHeader), { signers: pinned.clique.signers })
 */
export async function acceptHeaderQuorum(
  headers: readonly DecodedHeader[],
  set: { signers: readonly Address[] },
  opts: { tolerated?: readonly Address[] } = {},
): Promise<HeaderQuorum> {
  const first = headers[0]
  if (!first) throw new HeaderQuorumError('no header was given, so no block can be accepted', 'short')
  const members = new Set(set.signers.map((s) => getAddress(s)))
  const tolerated = new Set((opts.tolerated ?? []).map((s) => getAddress(s)))
  const needed = quorumSize(members.size)
  const sealers: Address[] = []
  for (const [i, header] of headers.entries()) {
    const before = headers[i - 1]
    if (before && (header.parentHash !== before.hash || header.number !== before.number + 1n)) {
      throw new HeaderQuorumError(`header ${header.number} does not build on header ${before.number}: its parentHash is ${header.parentHash}, not ${before.hash}`, 'unlinked')
    }
    const sealer = await recoverSealer(header)
    if (!members.has(sealer) && !tolerated.has(sealer)) {
      throw new HeaderQuorumError(`header ${header.number} was sealed by ${sealer}, who is not one of the ${members.size} signers this device follows`, 'stranger')
    }
    if (members.has(sealer)) sealers.push(sealer)
  }
  const distinct = [...new Set(sealers)]
  if (distinct.length < needed) {
    throw new HeaderQuorumError(
      `block ${first.number} has been sealed or built on by ${distinct.length} of the ${members.size} signers, and a device accepts it at ${needed}: ${needed - distinct.length} more must build on it`,
      'short',
    )
  }
  return { header: first, sealers: distinct }
}
