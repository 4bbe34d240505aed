/**
 * The one error type of evswap: a short message, optional details, and a hint of what to do next.
 *
 * @example
 * throw new EvswapError('battery file is invalid', { details: 'SOC: 130 is over 100', hint: 'fix the file and retry' })
 */
export class EvswapError extends Error {
  override name = 'EvswapError'
  readonly shortMessage: string
  readonly details: string | undefined
  readonly hint: string | undefined
  readonly code: string

  constructor(shortMessage: string, opts: { details?: string; hint?: string; code?: string; cause?: unknown } = {}) {
    const parts = [shortMessage, opts.details && `Details: ${opts.details}`, opts.hint && `Next: ${opts.hint}`]
    super(parts.filter(Boolean).join('\n'), opts.cause === undefined ? undefined : { cause: opts.cause })
    this.shortMessage = shortMessage
    this.details = opts.details
    this.hint = opts.hint
    this.code = opts.code ?? 'EVSWAP'
  }
}
