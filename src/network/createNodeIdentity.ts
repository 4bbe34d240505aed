import type { Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'

/**
 * Generates a devp2p node key and the enode URL geth will advertise with it, so every node's static peer
 * list can be written before any node starts.
 *
 * @example
 * const { nodekey, enode } = createNodeIdentity('127.0.0.1', 30401)
 */
export function createNodeIdentity(host: string, p2pPort: number): { nodekey: Hex; enode: string } {
  const nodekey = generatePrivateKey()
  // The enode id is the uncompressed secp256k1 public key without its 0x04 prefix.
  const id = privateKeyToAccount(nodekey).publicKey.slice(4)
  return { nodekey, enode: `enode://${id}@${host}:${p2pPort}` }
}
