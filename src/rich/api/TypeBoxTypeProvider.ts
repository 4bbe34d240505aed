import type { Static, TSchema } from '@sinclair/typebox'
import type { FastifyInstance, FastifyTypeProvider, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger } from 'fastify'

/**
 * Types a route's request from its TypeBox schemas (params, querystring, body), so one schema validates,
 * types and documents. Replies are left `unknown`: the station's serializer writes bigints as decimal
 * strings, so handlers return chain values as they come.
 */
export interface TypeBoxTypeProvider extends FastifyTypeProvider {
  readonly validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown
  readonly serializer: unknown
}

/** The station's fastify instance with the TypeBox type provider. */
export type StationFastify = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>
