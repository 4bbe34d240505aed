import { EvswapError } from '../../../sdk/errors/EvswapError.js'

/** The node kept answering a block's state from a newer block; the station answers 503 and the caller retries. */
export class StateMovingError extends EvswapError {
  override name = 'StateMovingError'
  constructor(readonly block: bigint, tries: number) {
    super(`the chain node answered the state of block ${block} from a newer block ${tries} times`, { hint: 'retry in a moment, or use another station', code: 'STATE_MOVING' })
  }
}
