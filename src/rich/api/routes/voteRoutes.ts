import { timingSafeEqual } from 'node:crypto'
import { Type } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { proposeSigner } from '../../../network/proposeSigner.js'
import { readVotes, type CliqueVotes } from '../../../network/readVotes.js'
import type { GethNode } from '../../../network/types.js'
import { AddressSchema } from '../schemas/primitives.js'
import { sendError } from '../sendError.js'
import type { StationFastify } from '../TypeBoxTypeProvider.js'

export type VoteRoutesParameters = {
  /** This station's own geth node (its datadir, for IPC); absent on a chain without Clique (the embedded anvil). */
  node?: Pick<GethNode, 'datadir'>
  /** The operator's credential: the station's swap interface token (`<dir>/device/api-token`); null while it starts. */
  operatorToken: () => string | null
  /** Station names by signer address, to say "station-5" rather than a bare address. */
  signerNames?: Record<string, string>
}

const NO_CLIQUE = "this station's chain has no signers to vote on: it is the embedded dev chain (or, with --rpc, a node this station does not run)"

/**
 * `GET /api/network/votes` (public: it is chain data) and `POST /api/network/votes` (the station's operator
 * only): the Clique signers and votes as this station's own node sees them, and a vote cast on that node
 * with `clique_propose` over IPC. A device never holds the operator's token, so it can read but not vote.
 *
 * @example
 * await app.register(async (scope) => voteRoutes(scope, { node: station, operatorToken: () => device.token }))
 */
export async function voteRoutes(app: StationFastify, p: VoteRoutesParameters): Promise<void> {
  const Vote = Type.Object({ address: AddressSchema, authorize: Type.Boolean(), name: Type.Union([Type.String(), Type.Null()]) })
  const Votes = Type.Object({
    clique: Type.Boolean({ description: 'false on a chain without Clique signers (the embedded anvil)' }),
    message: Type.Optional(Type.String()),
    block: Type.Union([Type.String(), Type.Null()]),
    signers: Type.Array(Type.Object({ address: AddressSchema, name: Type.Union([Type.String(), Type.Null()]) })),
    needed: Type.Integer({ description: 'votes a change needs now: a majority of the signers' }),
    pending: Type.Array(Type.Intersect([Vote, Type.Object({ voters: Type.Array(AddressSchema) })]), { description: 'votes on chain that have not passed yet' }),
    proposals: Type.Array(Vote, { description: "this station's own votes, put into each block it seals" }),
  })
  const names = new Map(Object.entries(p.signerNames ?? {}).map(([a, n]) => [a.toLowerCase(), n]))
  const nameOf = (address: string) => names.get(address.toLowerCase()) ?? null
  const view = (v: CliqueVotes) => ({
    clique: true,
    block: String(v.block),
    signers: v.signers.map((address) => ({ address, name: nameOf(address) })),
    needed: v.needed,
    pending: v.pending.map((x) => ({ ...x, name: nameOf(x.address) })),
    proposals: v.proposals.map((x) => ({ ...x, name: nameOf(x.address) })),
  })

  // The node answers over IPC; when it is down the caller is told so, not given a bare 500.
  const onNode = async <T>(reply: FastifyReply, work: () => Promise<T>) => {
    try {
      return await work()
    } catch (e) {
      reply.log.warn({ err: e }, 'vote: the node did not answer over IPC')
      return sendError(reply, 503, { code: 'node_unavailable', message: "this station's geth node did not answer", hint: 'check that the node runs (evswap network status), then retry' })
    }
  }

  app.get('/api/network/votes', { schema: { summary: 'The Clique signers and the votes pending, as this station’s node sees them', tags: ['station'], response: { 200: Votes } } }, async (_req, reply) => {
    const node = p.node
    if (!node) return { clique: false, message: NO_CLIQUE, block: null, signers: [], needed: 0, pending: [], proposals: [] }
    return onNode(reply, async () => view(await readVotes(node)))
  })

  app.post(
    '/api/network/votes',
    {
      // Before the body is even parsed: without the operator's token nothing about the request matters.
      onRequest: (req, reply, done) => (operatorRefusal(req, reply, p.operatorToken()) ? undefined : done()),
      schema: {
        summary: "Vote a signer in or out on this station's own node (operator only: Authorization: Bearer <swap interface token>)",
        tags: ['station'],
        body: Type.Object({ address: AddressSchema, vote: Type.Union([Type.Literal('add'), Type.Literal('remove'), Type.Literal('discard')]) }, { additionalProperties: false }),
        response: { 200: Votes },
      },
    },
    async (req, reply) => {
      const node = p.node
      if (!node) return sendError(reply, 409, { code: 'no_clique', message: NO_CLIQUE, hint: 'run the station on a geth network (evswap station --network DIR) to vote' })
      return onNode(reply, async () => {
        await proposeSigner(node, req.body.address, req.body.vote)
        return view(await readVotes(node))
      })
    },
  )
}

/** Answers 401 (no token), 403 (a wrong one) or 503 (still starting) and returns true; false for the operator's token. */
function operatorRefusal(req: FastifyRequest, reply: FastifyReply, token: string | null): boolean {
  const header = req.headers.authorization ?? ''
  if (!header.startsWith('Bearer ') || header.length === 7) {
    sendError(reply, 401, { code: 'unauthorized', message: "voting needs the station operator's token", hint: "send Authorization: Bearer <the token in the station's device/api-token file>" })
    return true
  }
  if (token === null) {
    sendError(reply, 503, { code: 'starting', message: 'the station swap interface is starting', hint: 'retry in a moment' })
    return true
  }
  const given = Buffer.from(header.slice(7))
  const expected = Buffer.from(token)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    sendError(reply, 403, { code: 'forbidden', message: "that is not this station operator's token", hint: "use the token in the station's device/api-token file (the GUI URL the station printed carries it)" })
    return true
  }
  return false
}
