import { type Address, getAddress } from 'viem'
import { ipcRpc } from './ipcRpc.js'
import { nodePaths } from './nodePaths.js'
import type { GethNode } from './types.js'

/** The Clique votes as one node sees them (see {@link readVotes}). */
export type CliqueVotes = {
  /** Head block the view is taken at. */
  block: bigint
  /** The current signers. */
  signers: Address[]
  /** Votes a change needs to pass now: a majority of the signers, `floor(N/2)+1`. */
  needed: number
  /** This node's own proposals: the vote it puts into each block it seals. */
  proposals: { address: Address; authorize: boolean }[]
  /** Votes on the chain since the last checkpoint that have not passed yet, per address and direction. */
  pending: { address: Address; authorize: boolean; voters: Address[] }[]
}

type Snapshot = { number: number; signers: Record<string, unknown>; votes: { signer: string; address: string; authorize: boolean }[] | null }

/**
 * Reads a node's view of Clique voting, over IPC: the signers (`clique_getSnapshot`), the votes cast on
 * chain that are still pending, and this node's own proposals (`clique_proposals`). For a CLI table or a
 * station's GUI.
 *
 * @example
 * const { signers, pending, needed } = await readVotes(station)
 */
export async function readVotes(node: Pick<GethNode, 'datadir'>): Promise<CliqueVotes> {
  const ipc = nodePaths(node.datadir).ipc
  const [snapshot, proposals] = await Promise.all([ipcRpc<Snapshot>(ipc, 'clique_getSnapshot', ['latest']), ipcRpc<Record<string, boolean>>(ipc, 'clique_proposals')])
  const signers = Object.keys(snapshot.signers).map((a) => getAddress(a))
  const pending = new Map<string, { address: Address; authorize: boolean; voters: Address[] }>()
  for (const v of snapshot.votes ?? []) {
    const key = `${v.address.toLowerCase()}:${v.authorize}`
    const entry = pending.get(key) ?? { address: getAddress(v.address), authorize: v.authorize, voters: [] }
    entry.voters.push(getAddress(v.signer))
    pending.set(key, entry)
  }
  return {
    block: BigInt(snapshot.number),
    signers,
    needed: Math.floor(signers.length / 2) + 1,
    proposals: Object.entries(proposals).map(([address, authorize]) => ({ address: getAddress(address), authorize })),
    pending: [...pending.values()],
  }
}
