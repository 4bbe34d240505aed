import type { Address } from 'viem'
import type { DecodedHeader } from './DecodedHeader.js'
import { recoverSealer } from './recoverSealer.js'

/**
 * The keys that sealed on both sides of a fork at once: a key with a block on the winning side stamped
 * earlier than one of its blocks on the losing side. An honest signer cut off on the losing side seals on
 * the winning side only after its node left the losing one, so all its winning blocks are stamped later;
 * one key on two machines seals both sides through the same seconds. `lost` are headers the device had
 * followed, `won` the current chain's headers at the same heights; heights where both hold the same block
 * (before the fork) are left out. The seals are the evidence, so no station can forge it for another key.
 *
 * @example
 * const both = await sealedOnBothSides(tailBeforeTheFork, currentChainAtThoseHeights)
 */
export async function sealedOnBothSides(lost: readonly DecodedHeader[], won: readonly DecodedHeader[]): Promise<Address[]> {
  const wonAt = new Map(won.map((h) => [h.number, h]))
  const lastLost = new Map<Address, bigint>()
  const firstWon = new Map<Address, bigint>()
  for (const h of lost) {
    const other = wonAt.get(h.number)
    if (!other || other.hash === h.hash) continue
    const [a, b] = [await recoverSealer(h), await recoverSealer(other)]
    lastLost.set(a, max(lastLost.get(a), h.timestamp))
    firstWon.set(b, min(firstWon.get(b), other.timestamp))
  }
  return [...lastLost].filter(([key, last]) => (firstWon.get(key) ?? last) < last).map(([key]) => key)
}

const max = (a: bigint | undefined, b: bigint) => (a === undefined || b > a ? b : a)
const min = (a: bigint | undefined, b: bigint) => (a === undefined || b < a ? b : a)
