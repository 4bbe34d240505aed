import { Type } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { DEFAULT_PAGE, MAX_PAGE, type Page, type PageQuery } from '../store/queries/Page.js'

/** The query parameters of every list route: how many, and after which item. */
export const PageQuerySchema = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, description: `most items (default ${DEFAULT_PAGE}, at most ${MAX_PAGE})` })),
  after: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z:]{1,80}$', description: 'the cursor of the next page, from the `Link: <…>; rel="next"` (or `x-next-cursor`) header of the page before' })),
}

/** For the lists that can come either way: oldest first (the default) or newest first. */
export const OrderSchema = Type.Optional(
  Type.Union([Type.Literal('oldest'), Type.Literal('newest')], { description: 'oldest first (default), or newest first: a page then holds the newest, and `after` goes back in time' }),
)

/** A list route's query as the index takes it. */
export function pageQuery(q: { limit?: number | undefined; after?: string | undefined }): PageQuery {
  return { ...(q.limit === undefined ? {} : { limit: q.limit }), ...(q.after === undefined ? {} : { cursor: q.after }) }
}

/**
 * Answers a page as a plain JSON array, as the list routes always have, with where the next page is in
 * `Link: <url>; rel="next"` (RFC 8288) and `x-next-cursor` headers: a client that reads only the first page
 * keeps working, and no answer grows without bound.
 *
 * @example
 * return sendPage(request, reply, await ctx.index.swaps(pageQuery(request.query)), (s) => s)
 */
export async function sendPage<T, V>(request: FastifyRequest, reply: FastifyReply, page: Page<T>, view: (items: T[]) => Promise<V[]> | V[]): Promise<V[]> {
  if (page.next !== undefined) {
    const url = new URL(request.url, 'http://station')
    url.searchParams.set('after', page.next)
    reply.header('x-next-cursor', page.next)
    reply.header('link', `<${url.pathname}${url.search}>; rel="next"`)
  }
  return view(page.items)
}
