import type { ContractErrorSentence } from '../../sdk/errors/describeContractError.js'
import { formatUtcTime } from '../../sdk/errors/formatUtcTime.js'
import { shortAddress } from '../../sdk/errors/shortAddress.js'
import { refusal, type RelayRefusal, type RelayRefusalCode } from './RelayRefusal.js'

/** What each refusal's sentence is built from. */
export type RelayRefusalFacts = {
  bad_request: { problem: string; field?: string }
  /** `of`: the signer's own budget, or the source's budget of failed checks. */
  rate_limited: { of: 'signer' | 'source'; retryMs: number; perSecond: number }
  wrong_chain: { chainId: number; networkChainId: number }
  bad_value: Record<string, never>
  bad_target: { to: string }
  expired: { deadline: number }
  replayed: { from: string; nonce: bigint; next: bigint }
  nonce_ahead: { from: string; nonce: bigint; next: bigint }
  /** `undone`: it was confirmed in a block a reorganization replaced, and runs again. */
  duplicate: { id: string; state: string; undone?: boolean }
  reorg_pending: { nonce: bigint | string }
  bad_signature: { from: string }
  unregistered: { from: string }
  /** The signer's own account is suspended by the super account (BatteryInterfaceAccountSuspended). */
  suspended: { from: string }
  would_revert: { error: ContractErrorSentence }
  /** `closing`: the relay is shutting down; `node`: the station cannot reach its chain node. */
  unavailable: { why: 'closing' | 'node' }
}

type Sentence = { message: string; hint: string; field?: string; reason?: string }

const seconds = (ms: number) => `${Math.max(1, Math.ceil(ms / 1000))} s`

const STATUS: Record<RelayRefusalCode, number> = {
  bad_request: 400,
  rate_limited: 429,
  wrong_chain: 400,
  bad_value: 400,
  bad_target: 400,
  expired: 400,
  replayed: 409,
  nonce_ahead: 409,
  duplicate: 409,
  reorg_pending: 409,
  bad_signature: 401,
  unregistered: 403,
  suspended: 403,
  would_revert: 422,
  unavailable: 503,
}

/** One sentence per code; the message says what happened, the hint what to do next. */
const SENTENCES: { [C in RelayRefusalCode]: (f: RelayRefusalFacts[C]) => Sentence } = {
  bad_request: (f) => ({
    message: `The request is not well formed: ${f.problem}.`,
    hint: 'This is a fault of the device’s software: update it, or report this message to its maker.',
    ...(f.field === undefined ? {} : { field: f.field }),
  }),
  rate_limited: (f) => ({
    message:
      f.of === 'signer'
        ? `This device sent more than ${f.perSecond} requests a second, more than a station takes from one device.`
        : `Too many requests from this address failed their checks (more than ${f.perSecond} a second).`,
    hint: `Wait ${seconds(f.retryMs)} and send it again.`,
  }),
  wrong_chain: (f) => ({
    message: `The request was signed for chain ${f.chainId}, and this station’s network is chain ${f.networkChainId}.`,
    hint: 'Connect the device to a station of its own network, or sign again for this one.',
    field: 'chainId',
  }),
  bad_value: () => ({
    message: 'The request asks to pass on Ether, and stations pass on none.',
    hint: 'Send it again with value 0: devices need no Ether.',
    field: 'value',
  }),
  bad_target: (f) => ({
    message: `The request is addressed to ${shortAddress(f.to)}, which is not one of this network’s contracts.`,
    hint: 'Take the contracts’ addresses from the station (GET /api/config) and sign again.',
    field: 'to',
  }),
  expired: (f) => ({
    message: `The request expired at ${formatUtcTime(f.deadline)}, before it reached the station.`,
    hint: 'Sign it again: a new request gets a new deadline.',
    field: 'deadline',
  }),
  replayed: (f) => ({
    message: `Request number ${f.nonce} of ${shortAddress(f.from)} already ran; its next request is number ${f.next}.`,
    hint: 'Nothing is lost: to act again, sign a new request (a device does this by itself).',
    field: 'nonce',
  }),
  nonce_ahead: (f) => ({
    message: `Request number ${f.nonce} of ${shortAddress(f.from)} came before number ${f.next}, which has not run yet.`,
    hint: `Wait for the earlier request to finish, or sign this one again as number ${f.next}.`,
    field: 'nonce',
  }),
  duplicate: (f) => ({
    message: f.undone
      ? `This request (${f.id}) was confirmed in a block that the chain then replaced; it runs again with its batch.`
      : `This request (${f.id}) is already ${f.state} at this station.`,
    hint: `Wait for its outcome (GET /api/relay/${f.id}) instead of sending it again.`,
  }),
  reorg_pending: (f) => ({
    message: `Request number ${f.nonce} was confirmed in a block that the chain then replaced, and runs again shortly.`,
    hint: 'Wait a few seconds, then sign again at the next request number.',
    field: 'nonce',
  }),
  bad_signature: (f) => ({
    message: `The signature is not ${shortAddress(f.from)}’s, the account the request names as its sender.`,
    hint: 'Sign the request with that account’s own key, at its next request number.',
    field: 'signature',
  }),
  unregistered: (f) => ({
    message: `The account ${shortAddress(f.from)} is not registered on this network, so it cannot act yet.`,
    hint: 'Ask the super account to register it, as an EV owner or a station operator.',
  }),
  suspended: (f) => ({
    message: `The super account has suspended the account ${shortAddress(f.from)}, so this station refuses its requests.`,
    hint: 'If this device was lost or stolen and is found, ask the super account to restore its account; its batteries and E-coin are as they were.',
  }),
  would_revert: (f) => ({ message: f.error.message, hint: f.error.hint, reason: f.error.reason }),
  unavailable: (f) =>
    f.why === 'closing'
      ? { message: 'This station is shutting down and takes no more requests.', hint: 'Send it to another station.' }
      : { message: 'This station cannot reach its chain node right now.', hint: 'Try again shortly, or send it to another station.' },
}

/**
 * A relay refusal in words: the status and field follow from the code, the message says what happened
 * with names and units, the hint what to do next. For `would_revert` the sentence is the contract error's
 * (describeContractError), and `reason` keeps the error's name for programs.
 *
 * @example
 * describeRelayRefusal('unavailable', { why: 'node' })
 * // { status: 503, code: 'unavailable', message: 'This station cannot reach its chain node right now.', hint: 'Try again shortly, …' }
 */
export function describeRelayRefusal<C extends RelayRefusalCode>(code: C, facts: RelayRefusalFacts[C]): RelayRefusal {
  const s = SENTENCES[code](facts)
  return refusal(STATUS[code], code, s.message, { hint: s.hint, ...(s.field === undefined ? {} : { field: s.field }), ...(s.reason === undefined ? {} : { reason: s.reason }) })
}
