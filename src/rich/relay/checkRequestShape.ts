import { TypeCompiler } from '@sinclair/typebox/compiler'
import type { SignedForwardRequest } from '../../sdk/forwarder/forwardRequestTypes.js'
import { refusal, type RelayRefusal } from './RelayRefusal.js'
import { MAX_REQUEST_GAS, signedForwardRequestSchema } from './signedForwardRequestSchema.js'
import { describeSchemaError } from '../api/describeSchemaError.js'

const compiled = TypeCompiler.Compile(signedForwardRequestSchema)
const UINT256_MAX = 2n ** 256n - 1n

export type CheckRequestShapeReturnType = { ok: true; request: SignedForwardRequest } | { ok: false; refusal: RelayRefusal }

/**
 * The first check of the relay: every field of a signed request is present and well formed. A failure
 * names the field, so a device author sees at once what to fix.
 *
 * @example
 * const r = checkRequestShape(JSON.parse(body))
 * if (!r.ok) return reply.code(r.refusal.status).send({ error: r.refusal })
 */
export function checkRequestShape(body: unknown): CheckRequestShapeReturnType {
  if (!compiled.Check(body)) {
    const first = compiled.Errors(body).First()
    const { field, message } = describeSchemaError(first)
    return { ok: false, refusal: refusal(400, 'bad_request', message, { ...(field ? { field } : {}), hint: 'send a SignedForwardRequest as signForwardRequest builds it' }) }
  }
  if (BigInt(body.nonce) > UINT256_MAX) return { ok: false, refusal: refusal(400, 'bad_request', 'nonce does not fit in uint256', { field: 'nonce' }) }
  if (BigInt(body.value) > UINT256_MAX) return { ok: false, refusal: refusal(400, 'bad_request', 'value does not fit in uint256', { field: 'value' }) }
  if (BigInt(body.gas) > BigInt(MAX_REQUEST_GAS)) {
    return { ok: false, refusal: refusal(400, 'bad_request', `gas ${body.gas} is over the relay's limit of ${MAX_REQUEST_GAS}`, { field: 'gas' }) }
  }
  const request: SignedForwardRequest = {
    chainId: body.chainId,
    from: body.from as SignedForwardRequest['from'],
    to: body.to as SignedForwardRequest['to'],
    value: body.value,
    gas: body.gas,
    nonce: body.nonce,
    deadline: body.deadline,
    data: body.data as SignedForwardRequest['data'],
    signature: body.signature as SignedForwardRequest['signature'],
  }
  return { ok: true, request }
}
