import { getAddress, sliceHex, size, type Address } from 'viem'
import { CLIQUE_SEAL_BYTES } from './cliqueSealHash.js'
import type { DecodedHeader } from './DecodedHeader.js'
import { HeaderQuorumError } from './HeaderQuorumError.js'

const VANITY_BYTES = 32

/**
 * The full signer list a Clique checkpoint header (number % epoch == 0) carries in its extraData: 32 bytes
 * of vanity, then 20 bytes per signer, then the 65-byte seal.
 *
 * @throws HeaderQuorumError when the signer part is not a whole number of addresses
 * @example
 * const next = checkpointSigners(checkpoint) // ['0x…', '0x…']
 */
export function checkpointSigners(header: DecodedHeader): Address[] {
  const length = size(header.extraData) - VANITY_BYTES - CLIQUE_SEAL_BYTES
  if (length <= 0 || length % 20 !== 0) {
    throw new HeaderQuorumError(`checkpoint header ${header.number} carries ${length} bytes of signers, not a whole non-empty list of 20-byte addresses`, 'malformed')
  }
  const signers: Address[] = []
  for (let at = VANITY_BYTES; at < VANITY_BYTES + length; at += 20) signers.push(getAddress(sliceHex(header.extraData, at, at + 20)))
  return signers
}
