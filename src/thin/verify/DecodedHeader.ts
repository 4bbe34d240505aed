import type { Hex } from 'viem'

/**
 * A block header as the device holds it: its RLP as the station sent it, the hash the device computed from
 * that RLP, and the fields it uses. The station cannot make a header claim another hash: the hash is the
 * device's own keccak of the bytes.
 */
export type DecodedHeader = {
  rlp: Hex
  hash: Hex
  parentHash: Hex
  stateRoot: Hex
  number: bigint
  timestamp: bigint
  extraData: Hex
  /** The RLP list's items, in the order geth writes them (parentHash first, baseFee 16th when present). */
  fields: Uint8Array[]
}
