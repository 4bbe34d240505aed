import { ApiError } from '../shared/api'
import type { PassportDoc } from './passportDoc'

/**
 * The public tier of battery `id`'s passport from the station that serves this page (same origin, no
 * token). Throws an `ApiError` whose message is a sentence for a person: no such battery, no answer, or an
 * address that serves no passports.
 */
export async function loadPublicPassport(id: number): Promise<PassportDoc> {
  let res: Response
  try {
    res = await fetch(`/api/batteries/${id}/passport?tier=public`, { cache: 'no-store' })
  } catch {
    throw new ApiError(0, 'offline', 'The station did not answer, so the passport cannot be shown.', 'check your connection, then reload the page')
  }
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    // not JSON: handled below
  }
  if (res.ok && body && typeof body === 'object' && 'header' in body) return body as PassportDoc
  const e = (body as { error?: { code?: string; message?: string; hint?: string } } | null)?.error
  // The station's answer for a battery it does not know (not a route it lacks: "no route GET ...").
  if (res.status === 404 && e?.code === 'not_found' && /^no battery/.test(e.message ?? '')) {
    throw new ApiError(404, 'not_found', `There is no battery ${id} on this network: no passport to show.`, 'check the number on the battery or its QR code')
  }
  // A device's own API (an EV's GUI) answers a page without its token so: it is no station.
  if (res.status === 401) {
    throw new ApiError(401, 'unauthorized', 'This address is a device, not a station: it shows passports only to its own GUI, with its token.', "open the link of the battery's QR code, which points to a station, or this device's GUI with its token")
  }
  if (e?.message) throw new ApiError(res.status, e.code ?? 'error', `The station could not give this passport: ${e.message}`, e.hint)
  throw new ApiError(res.status, 'http', `This address does not serve battery passports (HTTP ${res.status}).`, "open the passport link from the battery's QR code, which points to a station")
}
