import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { stringifyJson } from './stringifyJson.js'

/** If-None-Match holds one tag, a list, or `*`; it is compared weakly (RFC 9110 13.1.2), so W/ is ignored. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '')
    return tag === '*' || tag === etag
  })
}

/**
 * Answers `value` with an ETag of its JSON, or 304 with no body when the client already holds that JSON.
 * A device that checks its batteries again and again (every USB change, every event, every GUI refresh)
 * then pays a few header bytes for a battery that did not change, not the whole view. `tagged`, when given,
 * is what the tag is of: the value without what changes on every block (the block it was read at).
 *
 * @example
 * return sendWithEtag(request, reply, await getBattery(client, deployment, id))
 */
export function sendWithEtag(request: FastifyRequest, reply: FastifyReply, value: unknown, tagged: unknown = value): FastifyReply {
  const etag = `"${createHash('sha256').update(stringifyJson(tagged)).digest('base64url').slice(0, 22)}"`
  reply.header('etag', etag)
  if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send()
  return reply.send(value)
}
