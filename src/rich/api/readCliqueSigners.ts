import { getAddress, numberToHex, type Address, type PublicClient } from 'viem'
import { nodeRequest } from './nodeRequest.js'

/**
 * Clique's signer set at the node's head, and the block it is the set of: what a device starts following
 * checkpoint headers from. Sorted as Clique keeps it.
 *
 * @example
 * const { signers, signersBlock } = await readCliqueSigners(publicClient)
 */
export async function readCliqueSigners(publicClient: PublicClient): Promise<{ signers: Address[]; signersBlock: number }> {
  const head = await publicClient.getBlockNumber({ cacheTime: 0 })
  // Asked at that block, not at "latest": a block sealed in between could carry a vote that changes the set.
  const raw = await nodeRequest<string[]>(publicClient, 'clique_getSigners', [numberToHex(head)])
  const signers = raw.map((s) => getAddress(s)).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
  return { signers, signersBlock: Number(head) }
}
