import { verifyMerkleProof } from '@ethereumjs/mpt'
import { hexToBytes, type Hex } from 'viem'
import { ProofError } from './ProofError.js'

/** The root of an empty Merkle-Patricia trie: keccak256 of RLP(''). */
export const EMPTY_TRIE_ROOT: Hex = '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421'

/**
 * The value stored under `key` (already hashed) in the trie whose root is `root`, proven by `proof` (the
 * nodes from the root down, as eth_getProof gives them), with `@ethereumjs/mpt`; null when the proof shows
 * the key is absent.
 *
 * @throws ProofError naming `what` when the proof does not hang from the root or does not reach the key
 * @example
 * const value = await verifyTrieProof(stateRoot, keccak256(address), accountProof, 'the account 0x…')
 */
export async function verifyTrieProof(root: Hex, key: Hex, proof: readonly Hex[], what: string): Promise<Uint8Array | null> {
  // An empty trie has no node to send; eth_getProof answers an empty proof for it.
  if (root.toLowerCase() === EMPTY_TRIE_ROOT) return null
  if (proof.length === 0) throw new ProofError(`the proof of ${what} is empty, yet the trie it must come from (root ${root}) is not`)
  try {
    return await verifyMerkleProof(hexToBytes(key), proof.map((node) => hexToBytes(node)), { root: hexToBytes(root) })
  } catch (e) {
    throw new ProofError(`the proof of ${what} does not match root ${root}: ${(e as Error).message}`, { cause: e })
  }
}
