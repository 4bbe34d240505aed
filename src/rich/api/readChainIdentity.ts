import { MethodNotFoundRpcError, type Hex, type PublicClient } from 'viem'
import { EvswapError } from '../../sdk/errors/EvswapError.js'
import { nodeRequest } from './nodeRequest.js'

/** Geth's Clique epoch when a genesis sets none (and this project's network default). */
export const GETH_DEFAULT_CLIQUE_EPOCH = 30_000

/** What a device pins of the chain itself, beside the contracts: block 0, and Clique's epoch or none. */
export type ChainIdentity = {
  genesisHash: Hex
  /** Blocks between Clique checkpoints; null on a node without Clique (anvil). */
  cliqueEpoch: number | null
}

/**
 * Reads, once at the station's start, the hash of block 0 and whether the node runs Clique (it answers
 * `clique_getSigners`). Neither changes while the node runs. The epoch is not served by geth's public
 * APIs: the station passes the one of its network description, else geth's default.
 *
 * @example
 * const { genesisHash, cliqueEpoch } = await readChainIdentity(publicClient, net.epoch)
 */
export async function readChainIdentity(publicClient: PublicClient, epoch?: number): Promise<ChainIdentity> {
  const genesis = await publicClient.getBlock({ blockNumber: 0n })
  if (!genesis.hash) throw new EvswapError('the chain node has no block 0', { hint: 'point the station at a synced node of its network' })
  try {
    await nodeRequest<string[]>(publicClient, 'clique_getSigners')
  } catch (e) {
    if (e instanceof MethodNotFoundRpcError || (e as { code?: number }).code === MethodNotFoundRpcError.code) return { genesisHash: genesis.hash, cliqueEpoch: null }
    throw e
  }
  return { genesisHash: genesis.hash, cliqueEpoch: epoch ?? GETH_DEFAULT_CLIQUE_EPOCH }
}
