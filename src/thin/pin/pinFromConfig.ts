import type { PinnedChain } from '../verify/PinnedChain.js'
import type { StationConfig } from './StationConfig.js'

/**
 * What a device pins at enrolment from its station's config: the whole of it, the signer set as of the
 * block the station read it at (the header verification follows it from there).
 *
 * @example
 * writePinnedChain(dir, pinFromConfig(readStationConfig(body, 'station 1 at https://…')))
 */
export function pinFromConfig(config: StationConfig): PinnedChain {
  return {
    chainId: config.chainId,
    genesisHash: config.genesisHash,
    deployment: { ...config.deployment },
    clique: config.clique && { epoch: config.clique.epoch, signers: [...config.clique.signers], signersBlock: config.clique.signersBlock },
  }
}
