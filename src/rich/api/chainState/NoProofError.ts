import { EvswapError } from '../../../sdk/errors/EvswapError.js'

/** The node answers no proof of a block's state that hangs from its stateRoot (it keeps no state that old); the station answers 404. */
export class NoProofError extends EvswapError {
  override name = 'NoProofError'
  constructor(readonly block: bigint) {
    super(`the chain node cannot prove the state of block ${block}: it keeps no state of that block`, { hint: 'ask for a newer block, one the device has accepted', code: 'NO_PROOF' })
  }
}
