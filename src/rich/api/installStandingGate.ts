import type { FastifyInstance } from 'fastify'
import { sendError } from './sendError.js'

/** What still answers while the gate is shut: the operator's GUI, the network and its votes, the API's description. */
const OPEN = [/^\/api\/network(\/|\?|$)/, /^\/api\/openapi\.json/]

/**
 * Shuts the station API to device traffic while `refusal()` gives a reason (its signer was voted out):
 * every `/api` call but the network's and the votes' answers 503 with that reason, and devices, which fail
 * over on a 5xx, move to another station. The GUI's pages still load, so the operator sees why.
 *
 * @example
 * installStandingGate(app, () => (watch.standing() === 'voted_out' ? 'station 3 was voted out of the signers' : undefined))
 */
export function installStandingGate(app: FastifyInstance, refusal: () => string | undefined): void {
  app.addHook('onRequest', async (request, reply) => {
    const reason = refusal()
    if (reason === undefined || !request.url.startsWith('/api') || OPEN.some((p) => p.test(request.url))) return
    return sendError(reply, 503, { code: 'voted_out', message: reason, hint: "use another station of the network; this station's operator can see the votes in its GUI" })
  })
}
