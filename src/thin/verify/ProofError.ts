import { EvswapError } from '../../sdk/errors/EvswapError.js'

/**
 * A Merkle-Patricia proof that does not prove what it was given for: it does not match the root it must
 * hang from, or its value is not a valid account or slot.
 *
 * @example
 * throw new ProofError('the storage proof of slot 0x02 does not match storageRoot 0x…')
 */
export class ProofError extends EvswapError {
  override name = 'ProofError'
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, { code: 'BAD_PROOF', hint: 'ask another station', ...opts })
  }
}
