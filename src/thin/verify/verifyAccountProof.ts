import { RLP } from '@ethereumjs/rlp'
import { bytesToHex, keccak256, type Address, type Hex } from 'viem'
import { bytesToQuantity } from './bytesToQuantity.js'
import { ProofError } from './ProofError.js'
import { EMPTY_TRIE_ROOT, verifyTrieProof } from './verifyTrieProof.js'

/** What the state trie holds for an account. */
export type ProvenAccount = { nonce: bigint; balance: bigint; storageRoot: Hex; codeHash: Hex }

/** keccak256 of no code: the code hash of an account without code. */
export const EMPTY_CODE_HASH: Hex = '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470'

/**
 * An account as of a block, proven against that block's stateRoot with an eth_getProof `accountProof`
 * (key keccak256(address), value RLP [nonce, balance, storageRoot, codeHash]). An absent account is a valid
 * proof of emptiness: zeros, the empty trie's root and the empty code hash.
 *
 * @throws ProofError when the proof does not match the root or the value is not an account
 * @example
 * const { nonce, storageRoot } = await verifyAccountProof(header.stateRoot, forwarder, proof.accountProof)
 */
export async function verifyAccountProof(stateRoot: Hex, address: Address, accountProof: readonly Hex[]): Promise<ProvenAccount> {
  const value = await verifyTrieProof(stateRoot, keccak256(address), accountProof, `account ${address}`)
  if (value === null) return { nonce: 0n, balance: 0n, storageRoot: EMPTY_TRIE_ROOT, codeHash: EMPTY_CODE_HASH }
  const fields = RLP.decode(value)
  if (!Array.isArray(fields) || fields.length !== 4 || !fields.every((f) => f instanceof Uint8Array) || fields[2]!.length !== 32 || fields[3]!.length !== 32) {
    throw new ProofError(`the proof of account ${address} ends in a value that is not an account (RLP of nonce, balance, storageRoot, codeHash)`)
  }
  const [nonce, balance, storageRoot, codeHash] = fields as Uint8Array[]
  return { nonce: bytesToQuantity(nonce!), balance: bytesToQuantity(balance!), storageRoot: bytesToHex(storageRoot!), codeHash: bytesToHex(codeHash!) }
}
