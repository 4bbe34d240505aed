import { HttpRequestError, TimeoutError } from 'viem'
import { BaseError } from 'viem'
import type { FastifyError, FastifyInstance } from 'fastify'
import { NoProofError } from './chainState/NoProofError.js'
import { StateMovingError } from './chainState/StateMovingError.js'
import { sendError } from './sendError.js'
import { FieldValidationError } from './typeBoxValidatorCompiler.js'
import { BadCursorError } from '../store/queries/Page.js'

/**
 * The station's error policy: every error is the API's JSON error shape, 4xx for the caller's fault with
 * the field named where there is one, 503 when the chain node cannot be reached, and a plain 500 for the
 * rest, logged server-side with its stack, which never leaves the server.
 *
 * @example
 * installErrorHandling(app, { bodyLimit: 16 * 1024 })
 */
export function installErrorHandling(app: FastifyInstance, opts: { bodyLimit: number }): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof BadCursorError) return sendError(reply, 400, { code: 'bad_request', field: 'after', message: error.message, hint: 'leave `after` out for the first page' })
    if (error instanceof FieldValidationError) {
      return sendError(reply, 400, { code: 'bad_request', message: error.message, ...(error.field ? { field: error.field } : {}) })
    }
    const code = (error as FastifyError).code
    const status = (error as FastifyError).statusCode
    switch (code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, 413, { code: 'too_large', message: `the body is over ${opts.bodyLimit} bytes`, hint: 'a signed request is well under 4 KiB; check what is being sent' })
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(reply, 415, { code: 'unsupported_media_type', message: `content type ${request.headers['content-type'] ?? '(none)'} is not accepted`, hint: 'send application/json' })
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendError(reply, 400, { code: 'bad_request', field: 'body', message: 'the body is not valid JSON' })
    }
    if (error instanceof SyntaxError && status === 400) return sendError(reply, 400, { code: 'bad_request', field: 'body', message: 'the body is not valid JSON' })
    if (status !== undefined && status >= 400 && status < 500) {
      return sendError(reply, status, { code: (code ?? 'bad_request').replace(/^FST_ERR_/, '').toLowerCase(), message: error.message })
    }
    if (error instanceof BaseError && error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError)) {
      request.log.warn({ err: error }, 'chain node unreachable')
      return sendError(reply, 503, { code: 'node_unavailable', message: 'the station cannot reach its chain node', hint: 'retry, or use another station' })
    }
    if (error instanceof NoProofError) return sendError(reply, 404, { code: 'no_proof', field: 'block', message: error.shortMessage, hint: error.hint! })
    if (error instanceof StateMovingError) return sendError(reply, 503, { code: 'state_moving', message: error.shortMessage, hint: error.hint! })
    request.log.error({ err: error }, 'request failed')
    return sendError(reply, 500, { code: 'internal', message: 'the station failed to answer this request', hint: 'the station log has the details' })
  })
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]
    return sendError(reply, 404, { code: 'not_found', message: `no route ${request.method} ${path}`, hint: 'GET /api/openapi.json lists the routes' })
  })
}
