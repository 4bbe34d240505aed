import { EvswapError } from '../../sdk/errors/EvswapError.js'

/**
 * A proof did not hold against a block the device had accepted, and the station's chain no longer has that
 * block at its height: the chain moved (a fork of the network, settled on the other side), so the station
 * answered of another block, not falsely. Nothing acts on the answer; the device asks again once its header
 * follower has followed the chain.
 */
export class ChainMovedError extends EvswapError {
  override name = 'ChainMovedError'
  constructor(readonly block: bigint, station: string) {
    super(`block ${block}, which this device had accepted, is no longer on station ${station}'s chain`, { code: 'CHAIN_MOVED', hint: 'the device follows the chain the signers built on and asks again' })
  }
}
