import { type Address, getAddress, isAddress } from 'viem'
import { NetworkError } from './NetworkError.js'
import { ipcRpc } from './ipcRpc.js'
import { nodePaths } from './nodePaths.js'
import type { GethNode } from './types.js'

/** What to do about an address: vote it in, vote it out, or take back this node's vote. */
export type SignerProposal = 'add' | 'remove' | 'discard'

/**
 * Casts this operator's vote on its own node, over IPC (this user only): `clique_propose(address, true)` to
 * add a signer, `(address, false)` to remove one, `clique_discard` to take the proposal back. The node
 * then puts its vote into each block it seals until the vote has passed (Clique counts one vote per
 * signer; a majority of the signers, `floor(N/2)+1`, decides) or is discarded.
 *
 * @example
 * await proposeSigner(station, '0x5c3b…', 'add')
 */
export async function proposeSigner(node: Pick<GethNode, 'datadir'>, address: string, proposal: SignerProposal): Promise<void> {
  if (!isAddress(address, { strict: false })) {
    throw new NetworkError(`"${address}" is not an address`, { hint: "pass the new station's signer address (0x and 40 hex digits), as `evswap network join` printed it" })
  }
  const ipc = nodePaths(node.datadir).ipc
  if (proposal === 'discard') await ipcRpc<null>(ipc, 'clique_discard', [getAddress(address)])
  else await ipcRpc<null>(ipc, 'clique_propose', [getAddress(address), proposal === 'add'])
}
