import { RLP } from '@ethereumjs/rlp'
import { keccak256, type Hex } from 'viem'
import type { DecodedHeader } from './DecodedHeader.js'
import { HeaderQuorumError } from './HeaderQuorumError.js'

/** Bytes of a Clique seal at the end of extraData: r, s and v. */
export const CLIQUE_SEAL_BYTES = 65

/**
 * The hash a Clique signer signs, as geth 1.13.15 computes it (`consensus/clique` `SealHash`): the keccak of
 * the header's RLP with the last 65 bytes of extraData (the seal) cut off, baseFee included when the header
 * has one. geth refuses to seal a header with withdrawalsHash, blob gas or a beacon root (it panics), so such
 * a header is refused here too.
 *
 * @throws HeaderQuorumError when extraData is shorter than a seal or the header has post-London fields
 * @example
 * const signed = cliqueSealHash(decodeHeader(rlp))
 */
export function cliqueSealHash(header: DecodedHeader): Hex {
  const { fields, number } = header
  if (fields.length > 16) {
    throw new HeaderQuorumError(`header ${number} has ${fields.length} fields, and a Clique header has at most 16 (up to baseFee): it cannot carry a Clique seal`, 'not_clique')
  }
  const extra = fields[12]!
  if (extra.length < CLIQUE_SEAL_BYTES) {
    throw new HeaderQuorumError(`header ${number} has ${extra.length} bytes of extraData, fewer than the ${CLIQUE_SEAL_BYTES} of a Clique seal`, 'not_clique')
  }
  const signed = fields.map((f, i) => (i === 12 ? f.subarray(0, f.length - CLIQUE_SEAL_BYTES) : f))
  return keccak256(RLP.encode(signed))
}
