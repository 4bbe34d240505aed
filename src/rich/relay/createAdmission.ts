import { getAddress, isAddressEqual, type Address, type Hex, type PublicClient } from 'viem'
import { evswapForwarderAbi } from '../../sdk/abi/evswapForwarder.js'
import { decodeEvswapError } from '../../sdk/decodeEvswapError.js'
import type { Deployment } from '../../sdk/deployment.js'
import { explainRevert } from '../../sdk/errors/explainRevert.js'
import type { SignedForwardRequest } from '../../sdk/forwarder/forwardRequestTypes.js'
import { getForwarderNonce } from '../../sdk/reads/getForwarderNonce.js'
import { isRegisteredAccount } from '../../sdk/reads/isRegisteredAccount.js'
import { checkRequestShape } from './checkRequestShape.js'
import { createLatencyWindow, type LatencySummary } from './createLatencyWindow.js'
import { createRateLimiter, type RateLimit } from './createRateLimiter.js'
import { describeRelayRefusal } from './describeRelayRefusal.js'
import { forwardRequestCalldataSize } from './forwardRequestCalldataSize.js'
import { innerRevert } from './innerRevert.js'
import { isRevertError } from './isRevertError.js'
import type { RelayEntry } from './RelayEntry.js'
import type { RelayRefusal, RelayRefusalCode } from './RelayRefusal.js'
import type { RelaySubmitResult } from './RelaySubmitResult.js'
import { relayId } from './relayId.js'
import { signatureRefusal } from './signatureRefusal.js'
import { toForwardRequestData, type ForwardRequestData } from './toForwardRequestData.js'

const refused = (r: RelayRefusal): RelaySubmitResult => ({ accepted: false, refusal: r })

/** The contracts' errors for a suspended sender (BatteryInterface, and E-coin's own transfers). */
const SUSPENDED_ERRORS = new Set(['BatteryInterfaceAccountSuspended', 'BalanceProcessAccountSuspended'])

/** Refusals that cost the station a node call or a signature recovery: charged to the request's source. */
const COSTLY_REFUSALS = new Set<RelayRefusalCode>(['bad_signature', 'unregistered', 'replayed', 'nonce_ahead'])

export type CreateAdmissionParameters = {
  publicClient: PublicClient
  deployment: Deployment
  /** The relayer's address: the simulated `execute` runs as it. */
  relayer: Address
  /** The node's chain id (shared with sending, asked once). */
  chainId(): Promise<number>
  /** Per-signer token bucket. */
  rateLimit: RateLimit
  /** Per-source bucket of the costly refusals. */
  sourceFailureLimit: RateLimit
  /** Accepted requests not yet finished, by id: where an admitted request is recorded. */
  book: { live(id: string): RelayEntry | undefined; track(entry: RelayEntry): void }
  /** Confirmed requests a fork may still undo, by id: another request at their nonce must wait. */
  finality: { held(id: string): Hex | undefined }
  /** Where an admitted request goes. */
  queue: { push(entry: RelayEntry): void }
  log(line: string): void
}

export type Admission = {
  /** Checks a signed request and queues it, or refuses it without spending gas (see `Relay.submit`). */
  submit(body: unknown, options?: { source?: string }): Promise<RelaySubmitResult>
  /** From arrival to queued or refused. */
  stats(): LatencySummary
  /** Refuses every request from now on (`unavailable`). */
  close(): void
}

/**
 * The relay's admission: shape, rate limits, chain, value, target, deadline, duplicate; for a signer not
 * seen before, its signature and registration; then the nonce and a simulation of the forwarder's
 * `execute`, whose revert for a suspended signer is refused as `suspended` (403), like `unregistered`. A good request costs the station two `eth_call`s in one exchange (the nonce, and `execute`
 * simulated, which checks the signature over the on-chain nonce, the deadline, and runs the call). Only a
 * request that fails pays for the diagnosis (local signature recovery, the inner call) that names the
 * reason: recovering every signature in JavaScript and sending each call on its own HTTP exchange made the
 * checks most of a station's CPU under load (docs/benchmarks.md, section 2).
 *
 * @example
 * const admission = createAdmission({ publicClient, deployment, relayer, chainId, rateLimit, sourceFailureLimit, book, finality, queue, log })
 * const r = await admission.submit(body, { source: request.ip })
 */
export function createAdmission(p: CreateAdmissionParameters): Admission {
  const { publicClient, deployment, book, log } = p
  const targets = [deployment.batteryInterface, deployment.balanceProcess, deployment.stationDirectory]
  const limiter = createRateLimiter(p.rateLimit)
  const failures = createRateLimiter(p.sourceFailureLimit)
  /**
   * Requests (id and signature) between the duplicate check and the queue: the same request sent twice at
   * once is checked once. Other requests at the same id are checked side by side, so that junk naming a
   * device and its nonce cannot keep the device's own request out; the queue takes the first that passes.
   */
  const checking = new Set<string>()
  /** Signers known to be registered: roles are never taken away, so a yes can be kept. */
  const registered = new Set<string>()
  const latency = createLatencyWindow()
  let closed = false

  async function check(body: unknown, source: string | undefined): Promise<RelaySubmitResult> {
    if (closed) return refused(describeRelayRefusal('unavailable', { why: 'closing' }))
    const sourceWaitMs = source === undefined ? 0 : failures.wait(source)
    if (sourceWaitMs > 0) {
      return refused(describeRelayRefusal('rate_limited', { of: 'source', retryMs: sourceWaitMs, perSecond: p.sourceFailureLimit.perSecond }))
    }
    const shape = checkRequestShape(body)
    if (!shape.ok) return refused(shape.refusal)
    const r = shape.request
    const from = getAddress(r.from)
    // Early, so a flood costs a map lookup per request and no RPC.
    const waitMs = limiter.take(from.toLowerCase())
    if (waitMs > 0) {
      return refused(describeRelayRefusal('rate_limited', { of: 'signer', retryMs: waitMs, perSecond: p.rateLimit.perSecond }))
    }
    const result = await checkSigned(r, from)
    if (!result.accepted) {
      // Only a request that reached the chain's own checks is known to be the signer's; other refusals may
      // be junk naming it, which must not use up its budget. The source pays for the costly ones instead.
      if (result.refusal.code !== 'would_revert' && result.refusal.code !== 'suspended') limiter.refund(from.toLowerCase())
      if (source !== undefined && COSTLY_REFUSALS.has(result.refusal.code)) failures.take(source)
    }
    return result
  }

  /** The checks after the rate limit: chain, value, target, deadline, duplicate, then {@link checkAndQueue}. */
  async function checkSigned(r: SignedForwardRequest, from: Address): Promise<RelaySubmitResult> {
    try {
      const nodeChainId = await p.chainId()
      if (r.chainId !== nodeChainId) {
        return refused(describeRelayRefusal('wrong_chain', { chainId: r.chainId, networkChainId: nodeChainId }))
      }
      if (BigInt(r.value) !== 0n) return refused(describeRelayRefusal('bad_value', {}))
      if (!targets.some((t) => isAddressEqual(t, r.to))) return refused(describeRelayRefusal('bad_target', { to: r.to }))
      if (r.deadline <= Math.floor(Date.now() / 1000)) return refused(describeRelayRefusal('expired', { deadline: r.deadline }))
      const nonce = BigInt(r.nonce)
      const id = relayId(from, nonce)
      const request = `${id} ${r.signature.toLowerCase()}`
      if (book.live(id) || checking.has(request)) return refused(duplicateRefusal(id))
      checking.add(request)
      try {
        return await checkAndQueue(id, r, from, nonce)
      } finally {
        checking.delete(request)
      }
    } catch (e) {
      log(`relay: cannot check a request from ${from}: ${e instanceof Error ? e.message : String(e)}`)
      return refused(describeRelayRefusal('unavailable', { why: 'node' }))
    }
  }

  async function checkAndQueue(id: string, r: SignedForwardRequest, from: Address, nonce: bigint): Promise<RelaySubmitResult> {
    if (!registered.has(from)) {
      // New signers are checked in full first, so a forged request naming a stranger is told its signature is bad.
      const bad = await signatureRefusal(deployment, r, from, nonce)
      if (bad) return refused(bad)
      if (!(await isRegisteredAccount(publicClient, deployment, from))) return refused(describeRelayRefusal('unregistered', { from }))
      registered.add(from)
    }
    const data = toForwardRequestData({ ...r, from })
    // Together, so a JSON-RPC batching transport sends them as one exchange. The nonce is read because the
    // forwarder signs over the on-chain nonce, not the request's: a valid request under a wrong nonce label
    // would otherwise pass and be tracked under the wrong id.
    const [chainNonce, sinceBlock, simulated] = await Promise.all([
      getForwarderNonce(publicClient, deployment, from),
      // Cached up to a polling interval: an older block is still at or before acceptance.
      publicClient.getBlockNumber(),
      publicClient.simulateContract({ address: deployment.forwarder, abi: evswapForwarderAbi, functionName: 'execute', args: [data], account: p.relayer }).then(
        () => undefined,
        (e: unknown) => {
          if (!isRevertError(e)) throw e
          return e
        },
      ),
    ])
    const wrongNonce = nonceRefusal(from, nonce, chainNonce)
    if (wrongNonce) return refused(wrongNonce)
    // The chain says this nonce is free, yet this relay confirmed a request at it: a fork undid that block.
    const held = p.finality.held(id)
    if (held !== undefined) return refused(undoneRefusal(id, held, r.signature))
    if (simulated !== undefined) return refused(await diagnose(r, from, nonce, data, simulated))
    if (closed) return refused(describeRelayRefusal('unavailable', { why: 'closing' }))
    // Another request at this id passed its checks meanwhile (both valid: the key signed twice at one nonce).
    if (book.live(id)) return refused(duplicateRefusal(id))
    const entry: RelayEntry = { id, request: r, data, gas: data.gas, bytes: forwardRequestCalldataSize(data), queuedAt: performance.now(), sinceBlock, attempts: 0, status: { id, status: 'queued' } }
    book.track(entry)
    p.queue.push(entry)
    return { accepted: true, id, status: 'queued' }
  }

  function duplicateRefusal(id: string): RelayRefusal {
    return describeRelayRefusal('duplicate', { id, state: book.live(id)?.status.status ?? 'being checked' })
  }

  /** Why a request at the right nonce that the forwarder would refuse is refused: its signature, or the call. */
  async function diagnose(r: SignedForwardRequest, from: Address, nonce: bigint, data: ForwardRequestData, revert: unknown): Promise<RelayRefusal> {
    const bad = await signatureRefusal(deployment, r, from, nonce)
    if (bad) return bad
    const reason = (await innerRevert(publicClient, deployment, data)) ?? decodeEvswapError(revert)
    // The signer's own account suspended (not, say, the EV of a swap a station approves): refused as an
    // account the network does not serve, like an unregistered one. The simulation found it, so no gas.
    if (SUSPENDED_ERRORS.has(reason.name) && typeof reason.args[0] === 'string' && isAddressEqual(reason.args[0] as Address, from)) {
      return describeRelayRefusal('suspended', { from })
    }
    return describeRelayRefusal('would_revert', { error: await explainRevert({ publicClient, deployment }, reason) })
  }

  return {
    async submit(body, o = {}) {
      const t0 = performance.now()
      try {
        return await check(body, o.source)
      } finally {
        latency.add(performance.now() - t0)
      }
    },
    stats: () => latency.summary(),
    close() {
      closed = true
    },
  }
}

function nonceRefusal(from: Address, nonce: bigint, chainNonce: bigint): RelayRefusal | undefined {
  if (nonce < chainNonce) return describeRelayRefusal('replayed', { from, nonce, next: chainNonce })
  if (nonce > chainNonce) return describeRelayRefusal('nonce_ahead', { from, nonce, next: chainNonce })
  return undefined
}

/** A request at the nonce of a confirmed one that a fork undid: the same request is a duplicate, another waits. */
function undoneRefusal(id: string, held: Hex, signature: Hex): RelayRefusal {
  if (held.toLowerCase() === signature.toLowerCase()) return describeRelayRefusal('duplicate', { id, state: 'confirmed', undone: true })
  return describeRelayRefusal('reorg_pending', { nonce: id.split('-')[1] ?? '' })
}
