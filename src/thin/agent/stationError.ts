import { EvswapError } from '../../sdk/errors/EvswapError.js'

/**
 * The error for a station's 4xx or 5xx answer to `path`, carrying the station's own message, hint and code.
 *
 * @example
 * if (r.status >= 400) throw stationError(r.status, r.body, '/api/accounts/0x…')
 */
export function stationError(status: number, body: unknown, path: string): EvswapError {
  const err = (body as { error?: { message?: string; hint?: string; code?: string } } | null)?.error
  return new EvswapError(`station answered ${status} for ${path}`, {
    details: err?.message ?? (typeof body === 'string' ? body.slice(0, 200) : undefined),
    hint: err?.hint ?? 'check the station is running and up to date',
    code: err?.code ?? 'STATION',
  })
}
