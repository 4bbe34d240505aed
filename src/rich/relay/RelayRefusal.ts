/** Every reason a relay refuses a request, as a runtime list (tests walk it). Every refusal is decided before any gas is spent. */
export const relayRefusalCodes = [
  'bad_request',
  'rate_limited',
  'wrong_chain',
  'bad_value',
  'bad_target',
  'expired',
  'replayed',
  'nonce_ahead',
  'duplicate',
  'reorg_pending',
  'bad_signature',
  'unregistered',
  'suspended',
  'would_revert',
  'unavailable',
] as const

/** Why a relay refused a request. */
export type RelayRefusalCode = (typeof relayRefusalCodes)[number]

/**
 * A typed refusal, shaped like the API's error body: the HTTP status to answer with, a stable code, a
 * sentence for a person (`message`, see describeRelayRefusal), the field at fault if one is, a hint of what
 * to do next, and for `would_revert` the contract error's name (`reason`, for programs).
 */
export type RelayRefusal = {
  status: number
  code: RelayRefusalCode
  message: string
  field?: string
  hint?: string
  /** The contract's custom error name, e.g. `BatteryInterfaceNotYourBattery` (only for `would_revert`). */
  reason?: string
}

/**
 * Builds a refusal, leaving out the optional parts that are not given (so JSON has no `undefined` keys).
 *
 * @example
 * refusal(409, 'replayed', 'nonce 3 was already used', { hint: 'fetch /api/nonce and sign again' })
 */
export function refusal(status: number, code: RelayRefusalCode, message: string, extra: Pick<RelayRefusal, 'field' | 'hint' | 'reason'> = {}): RelayRefusal {
  const r: RelayRefusal = { status, code, message }
  if (extra.field !== undefined) r.field = extra.field
  if (extra.hint !== undefined) r.hint = extra.hint
  if (extra.reason !== undefined) r.reason = extra.reason
  return r
}
