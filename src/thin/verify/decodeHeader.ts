import { RLP } from '@ethereumjs/rlp'
import { bytesToHex, keccak256, type Hex } from 'viem'
import { bytesToQuantity } from './bytesToQuantity.js'
import type { DecodedHeader } from './DecodedHeader.js'
import { HeaderQuorumError } from './HeaderQuorumError.js'

/** parentHash, uncleHash, coinbase, stateRoot, txRoot, receiptRoot, bloom, difficulty, number, gasLimit, gasUsed, time, extra, mixDigest, nonce. */
const LEGACY_FIELDS = 15

/**
 * Decodes a block header from its RLP bytes and hashes them (keccak256 of the RLP, which is the block hash).
 *
 * @throws HeaderQuorumError when the bytes are not an RLP list of at least 15 byte strings
 * @example
 * const header = decodeHeader('0xf90218a0…')
 * header.number // 42n
 */
export function decodeHeader(rlp: Hex): DecodedHeader {
  let decoded: unknown
  try {
    decoded = RLP.decode(rlp)
  } catch (e) {
    throw new HeaderQuorumError(`a header is not valid RLP (${(e as Error).message}); the station sent bytes that are no block header`, 'malformed')
  }
  if (!Array.isArray(decoded) || decoded.length < LEGACY_FIELDS || !decoded.every((f) => f instanceof Uint8Array)) {
    throw new HeaderQuorumError(`a header is not a list of at least ${LEGACY_FIELDS} fields; the station sent bytes that are no block header`, 'malformed')
  }
  const fields = decoded as Uint8Array[]
  return {
    rlp,
    hash: keccak256(rlp),
    parentHash: bytesToHex(fields[0]!),
    stateRoot: bytesToHex(fields[3]!),
    number: bytesToQuantity(fields[8]!),
    timestamp: bytesToQuantity(fields[11]!),
    extraData: bytesToHex(fields[12]!),
    fields,
  }
}
