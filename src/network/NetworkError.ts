/**
 * The one error type of `src/network`: a short message, optional details (what was observed) and a hint
 * (what to do next), so a CLI user or a test log can act on it without reading the code.
 *
 * @example
 * throw new NetworkError('geth did not answer on http://127.0.0.1:8601', {
 *   details: 'last error: ECONNREFUSED',
 *   hint: 'look at .evswap/network/station-1/geth.log',
 * })
 */
export class NetworkError extends Error {
  override name = 'NetworkError'
  /** What was observed, e.g. the tail of a geth log. */
  readonly details: string | undefined
  /** What to do next. */
  readonly hint: string | undefined

  constructor(message: string, options: { details?: string; hint?: string; cause?: unknown } = {}) {
    const parts = [message]
    if (options.details) parts.push(`Details: ${options.details}`)
    if (options.hint) parts.push(`Next: ${options.hint}`)
    super(parts.join('\n'), options.cause === undefined ? undefined : { cause: options.cause })
    this.details = options.details
    this.hint = options.hint
  }
}
