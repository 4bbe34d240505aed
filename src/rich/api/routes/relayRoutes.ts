import { Type } from '@sinclair/typebox'
import { signedForwardRequestSchema } from '../../relay/signedForwardRequestSchema.js'
import { sendError } from '../sendError.js'
import { ErrorSchema } from '../schemas/primitives.js'
import { RelayStatsSchema, RelayStatusSchema } from '../schemas/views.js'
import type { StationContext } from '../StationContext.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

/** Longest `?wait=1` long poll. */
const MAX_WAIT_MS = 30_000

/** `?wait=1` (or `true`): answer once the request is confirmed or failed, at most after MAX_WAIT_MS. */
const waitParam = (description?: string) =>
  Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1'), Type.Literal('true'), Type.Literal('false')], description ? { description } : {}))
const wantsWait = (query: { wait?: '0' | '1' | 'true' | 'false' }) => query.wait === '1' || query.wait === 'true'

/** `POST /api/relay` (a device's signed request; the station pays its gas) `GET /api/relay/:id` and `GET /api/relay/stats`. */
export async function relayRoutes(app: StationFastify, ctx: StationContext): Promise<void> {
  app.post(
    '/api/relay',
    {
      schema: {
        summary: 'Relay a signed forward request: checked, queued, batched, paid for by the station; with wait=1, answers with its outcome',
        description:
          'Checks, in order: shape, rate (per signer), chain id, value "0", target, deadline, duplicate; for a signer new to this station its signature and registration; then the nonce (replayed / nonce_ahead) and a simulation of the forwarder\'s execute (signature, the call); a request the simulation refuses is named: bad_signature or would_revert. Every refusal costs no gas.',
        tags: ['relay'],
        body: signedForwardRequestSchema,
        querystring: Type.Object({
          wait: waitParam('with 1, answers once the request is confirmed or failed (200), or after 30 s with 202'),
        }),
        response: {
          200: RelayStatusSchema,
          202: Type.Object({ id: Type.String(), status: Type.Union([Type.Literal('queued'), Type.Literal('sent')]) }),
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          409: ErrorSchema,
          413: ErrorSchema,
          422: ErrorSchema,
          429: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const r = await ctx.relay.submit(request.body, { source: request.ip })
      if (!r.accepted) {
        const { status, ...error } = r.refusal
        if (status === 429) reply.header('retry-after', '1')
        return sendError(reply, status, error)
      }
      // One exchange instead of a POST and a GET wait: a device's operation costs the station (and the
      // device's link) one HTTP request less.
      if (wantsWait(request.query)) {
        const s = await ctx.relay.waitFor(r.id, MAX_WAIT_MS)
        if (s && (s.status === 'confirmed' || s.status === 'failed')) {
          // The sender needs the signature only to tell another request at its nonce from its own (a second
          // holder of its key): echoing back the one it just sent is 150 bytes for nothing.
          if (s.signature?.toLowerCase() !== request.body.signature.toLowerCase()) return s
          const { signature: _own, ...rest } = s
          return rest
        }
        return reply.code(202).send({ id: r.id, status: s?.status === 'sent' ? 'sent' : 'queued' })
      }
      return reply.code(202).send({ id: r.id, status: r.status })
    },
  )

  app.get(
    '/api/relay/stats',
    {
      schema: {
        summary: "The relay's queue, batches in flight, and where a request's time goes (percentiles in ms)",
        tags: ['relay'],
        response: { 200: RelayStatsSchema },
      },
    },
    async () => ctx.relay.stats(),
  )

  app.get(
    '/api/relay/:id',
    {
      schema: {
        summary: "A relayed request's status; with wait=1, answers once it is confirmed or failed (at most 30 s)",
        tags: ['relay'],
        params: Type.Object({ id: Type.String({ pattern: '^0x[0-9a-fA-F]{40}-[0-9]{1,78}$', description: '<from>-<nonce>' }) }),
        querystring: Type.Object({ wait: waitParam() }),
        response: { 200: RelayStatusSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const id = request.params.id.toLowerCase()
      const s = wantsWait(request.query) ? await ctx.relay.waitFor(id, MAX_WAIT_MS) : ctx.relay.status(id)
      if (!s) return sendError(reply, 404, { code: 'not_found', message: `this station has no request ${id}`, hint: 'it may have been sent to another station; GET /api/nonce tells whether it ran' })
      return s
    },
  )
}
