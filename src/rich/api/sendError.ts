import type { FastifyReply } from 'fastify'

export type ApiErrorBody = { code: string; message: string; field?: string; hint?: string; reason?: string }

/**
 * Answers the API's error shape `{ error: { code, message, field?, hint? } }` with a status.
 *
 * @example
 * return sendError(reply, 404, { code: 'not_found', message: `no battery 7` })
 */
export function sendError(reply: FastifyReply, status: number, error: ApiErrorBody): FastifyReply {
  const body: ApiErrorBody = { code: error.code, message: error.message }
  if (error.field !== undefined) body.field = error.field
  if (error.hint !== undefined) body.hint = error.hint
  if (error.reason !== undefined) body.reason = error.reason
  return reply.code(status).send({ error: body })
}
