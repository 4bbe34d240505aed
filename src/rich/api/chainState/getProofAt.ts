import { keccak256, numberToHex, type Address, type Hex, type PublicClient } from 'viem'
import { nodeRequest } from '../nodeRequest.js'
import type { BlockRef } from './BlockRef.js'
import { NoProofError } from './NoProofError.js'
import { StateMovingError } from './StateMovingError.js'

export type NodeProof = { balance: Hex; nonce: Hex; codeHash: Hex; storageHash: Hex; accountProof: Hex[]; storageProof: { key: Hex; value: Hex; proof: Hex[] }[] }

/** Tries before giving up on a block whose state the node keeps answering from a newer one. */
const TRIES = 8
/** Tries before deciding that the node keeps no state of a block below its head. */
const OLD_BLOCK_TRIES = 3

/**
 * eth_getProof of `slots` of `address` at `block` (read with readBlockRef), known to be of that block's state: the proof's
 * first node hashes to the block's stateRoot. A node that executes the next block into its live state
 * (anvil does) answers a read at its head from that live state while the next block is built: 1.4 % of
 * reads at the head of an anvil building heavy blocks showed the next block under this one's number
 * (`scripts/measure-head-reads.mts`, docs/benchmarks.md), and a device proving such an answer at `block`
 * called the station a liar. The read is made again, a little later each time, until it is of the block: once the head has moved
 * on, the node reads the block from its own saved state.
 *
 * @throws StateMovingError when the node answered another block's state every time
 * @throws NoProofError when the block is below the head and the node has no proof of its state
 * @example
 * const proof = await getProofAt(client, deployment.batteryProcess, slots, await readBlockRef(client, 75n))
 */
export async function getProofAt(client: PublicClient, address: Address, slots: readonly Hex[], block: BlockRef): Promise<NodeProof> {
  const at = numberToHex(block.number)
  for (let tried = 1; ; tried++) {
    const proof = await nodeRequest<NodeProof>(client, 'eth_getProof', [address, slots, at])
    const root = proof.accountProof[0]
    if (root !== undefined && keccak256(root) === block.stateRoot) return proof
    // Past the head's race a node that still answers another state keeps none of this block (anvil's
    // genesis): no wait would change that.
    if (tried >= OLD_BLOCK_TRIES && block.number < BigInt(await nodeRequest<Hex>(client, 'eth_blockNumber', []))) throw new NoProofError(block.number)
    if (tried >= TRIES) throw new StateMovingError(block.number, TRIES)
    await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** tried))
  }
}
