import { EvswapError } from '../../sdk/errors/EvswapError.js'

/**
 * The error for a station's 4xx or 5xx answer to `path`. Its short message is the station's own sentence
 * (what a person is shown: "Swap 2 was already approved."), with its hint and code; the status and path
 * go in the details, for whoever debugs.
 *
 * @example
 * if (r.status >= 400) throw stationError(r.status, r.body, '/api/accounts/0x…')
 */
export function stationError(status: number, body: unknown, path: string): EvswapError {
  const err = (body as { error?: { message?: string; hint?: string; code?: string } } | null)?.error
  const where = `the station answered ${status} for ${path}`
  const text = typeof body === 'string' && body.trim() ? body.slice(0, 200) : undefined
  return new EvswapError(err?.message ?? (status >= 500 ? 'The station could not answer right now.' : 'The station refused the request.'), {
    details: err?.message ? where : [where, text].filter(Boolean).join(': '),
    hint: err?.hint ?? (status >= 500 ? 'Try again shortly; the device moves to another station if this one stays down.' : 'Check that the station is running and up to date.'),
    code: err?.code ?? 'STATION',
  })
}
