import { RLP } from '@ethereumjs/rlp'
import { keccak256, pad, type Hex } from 'viem'
import { bytesToQuantity } from './bytesToQuantity.js'
import { ProofError } from './ProofError.js'
import { verifyTrieProof } from './verifyTrieProof.js'

/**
 * A storage slot's value, proven against the account's storageRoot with an eth_getProof storage proof
 * (key keccak256 of the slot padded to 32 bytes, value the RLP of the word). An absent slot is proven 0n.
 *
 * @throws ProofError when the proof does not match the root or its value is not a word
 * @example
 * const nonce = await verifyStorageProof(account.storageRoot, '0x0', proof.storageProof[0].proof)
 */
export async function verifyStorageProof(storageRoot: Hex, slot: Hex, storageProof: readonly Hex[]): Promise<bigint> {
  const key = pad(slot, { size: 32 })
  const value = await verifyTrieProof(storageRoot, keccak256(key), storageProof, `storage slot ${slot}`)
  if (value === null) return 0n
  const word = RLP.decode(value)
  if (!(word instanceof Uint8Array) || word.length > 32) throw new ProofError(`the proof of storage slot ${slot} ends in a value that is not a 32-byte word`)
  return bytesToQuantity(word)
}
