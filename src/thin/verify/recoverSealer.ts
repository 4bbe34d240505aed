import { bytesToHex, recoverAddress, type Address } from 'viem'
import { CLIQUE_SEAL_BYTES, cliqueSealHash } from './cliqueSealHash.js'
import type { DecodedHeader } from './DecodedHeader.js'
import { HeaderQuorumError } from './HeaderQuorumError.js'

/**
 * Sealers already recovered, by decoded header: the header follower tries several starts over the same run,
 * and keeps its tail from one poll to the next, so without it a device recovered each seal 4 to 5 times
 * (18 recoveries for the 4 headers of one discharge at 2 signers, ~60 ms of CPU; docs/benchmarks.md
 * section 7). A recovery is most of what checking a header costs.
 */
const recovered = new WeakMap<DecodedHeader, Address>()

/**
 * The address whose key sealed a Clique header: the seal (the last 65 bytes of extraData, r‖s‖v with v 0 or
 * 1) recovered against {@link cliqueSealHash}. geth's `clique_getSigner` answers the same. Recovered once per
 * decoded header.
 *
 * @throws HeaderQuorumError when the seal is not a valid signature
 * @example
 * const sealer = await recoverSealer(decodeHeader(rlp))
 */
export async function recoverSealer(header: DecodedHeader): Promise<Address> {
  const known = recovered.get(header)
  if (known) return known
  const sealer = await recover(header)
  recovered.set(header, sealer)
  return sealer
}

async function recover(header: DecodedHeader): Promise<Address> {
  const hash = cliqueSealHash(header)
  const extra = header.fields[12]!
  const seal = extra.subarray(extra.length - CLIQUE_SEAL_BYTES)
  if (seal[64]! > 1) throw new HeaderQuorumError(`header ${header.number} has a seal with recovery id ${seal[64]}, not 0 or 1: it is no Clique seal`, 'not_clique')
  try {
    return await recoverAddress({ hash, signature: bytesToHex(seal) })
  } catch (e) {
    throw new HeaderQuorumError(`the seal of header ${header.number} does not recover to any key (${(e as Error).message})`, 'not_clique')
  }
}
