import { EvswapError } from '../../sdk/errors/EvswapError.js'

/**
 * Why a run of headers was not accepted: `short` (too few distinct signers have built on the block yet,
 * wait for more blocks), or a fault of the headers themselves: `malformed`, `unlinked` (a parentHash does
 * not name the header before), `not_clique` (fields Clique cannot seal).
 */
export type HeaderQuorumReason = 'short' | 'malformed' | 'unlinked' | 'not_clique'

/**
 * A run of headers the device cannot accept as proof of a block. The message is one sentence naming the
 * block and what is missing.
 *
 * @example
 * if (e instanceof HeaderQuorumError && e.reason === 'short') await nextBlock()
 */
export class HeaderQuorumError extends EvswapError {
  override name = 'HeaderQuorumError'
  constructor(
    message: string,
    readonly reason: HeaderQuorumReason,
  ) {
    super(message, { code: 'HEADER_QUORUM', hint: reason === 'short' ? 'wait for the next blocks, then ask again' : 'ask another station' })
  }
}
