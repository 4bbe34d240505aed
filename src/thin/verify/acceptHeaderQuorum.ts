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
 * (parentHash and number), or the whole run is refused. One signer key, or any minority of keys, cannot
 * build such a run on its own, so a station holding one key cannot make a device accept a block the other
 * signers never built on.
 *
 * The set is the one of the device's last followed checkpoint: votes between checkpoints are not tallied.
 * A seal by a key outside it is not counted, and not refused either: a signer voted in since that checkpoint
 * seals already, and honest signers building on its blocks is what makes them count. Refusing it would call
 * every station a liar from a vote until the next checkpoint (hours at the default epoch). A forged
 * newest header under a stranger's key is therefore not a lie the device can prove: it waits, as for a
 * block nobody built on yet.
 *
 * @throws HeaderQuorumError naming the block and what is missing; `reason: 'short'` when the run is valid
 * but too few signers have built on B yet
 * @example
 * const { header, sealers } = await acceptHeaderQuorum(run.map(decodeHeader), { signers: pinned.clique.signers })
 */
export async function acceptHeaderQuorum(
  headers: readonly DecodedHeader[],
  set: { signers: readonly Address[] },
): Promise<HeaderQuorum> {
  const first = headers[0]
  if (!first) throw new HeaderQuorumError('no header was given, so no block can be accepted', 'short')
  const members = new Set(set.signers.map((s) => getAddress(s)))
  const needed = quorumSize(members.size)
  const sealers: Address[] = []
  for (const [i, header] of headers.entries()) {
    const before = headers[i - 1]
    if (before && (header.parentHash !== before.hash || header.number !== before.number + 1n)) {
      throw new HeaderQuorumError(`header ${header.number} does not build on header ${before.number}: its parentHash is ${header.parentHash}, not ${before.hash}`, 'unlinked')
    }
    const sealer = await recoverSealer(header)
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
