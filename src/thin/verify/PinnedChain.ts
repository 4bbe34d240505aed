import type { Address, Hex } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'

/**
 * What a device pins at enrolment and checks every station against from then on: which chain, which
 * contracts, and who may seal its blocks. A station whose `/api/config` disagrees is refused.
 */
export type PinnedChain = {
  chainId: number
  /** Hash of block 0: two chains with the same id and contracts still differ here. */
  genesisHash: Hex
  deployment: Deployment
  /**
   * Clique's signer set as of `signersBlock`, followed since through checkpoint headers; null on a chain
   * without seals (the embedded anvil node), whose single node's headers the device can only trust.
   */
  clique: { epoch: number; signers: Address[]; signersBlock: number } | null
}
