import {
  concat,
  encodeFunctionData,
  getAddress,
  isAddressEqual,
  parseEventLogs,
  recoverTypedDataAddress,
  type Account,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem'
import { evswapForwarderAbi } from '../../sdk/abi/evswapForwarder.js'
import { decodeEvswapError } from '../../sdk/decodeEvswapError.js'
import type { Deployment } from '../../sdk/deployment.js'
import { forwarderDomain, forwardRequestTypes, type SignedForwardRequest } from '../../sdk/forwarder/forwardRequestTypes.js'
import { getForwarderNonce } from '../../sdk/reads/getForwarderNonce.js'
import { isRegisteredAccount } from '../../sdk/reads/isRegisteredAccount.js'
import { carriesRequest } from './carriesRequest.js'
import { checkRequestShape } from './checkRequestShape.js'
import { createLatencyWindow, type LatencySummary } from './createLatencyWindow.js'
import { createLruMap } from './createLruMap.js'
import { createRateLimiter, type RateLimit } from './createRateLimiter.js'
import { estimateBatchGas } from './estimateBatchGas.js'
import { forwardRequestCalldataSize } from './forwardRequestCalldataSize.js'
import { isRevertError } from './isRevertError.js'
import { explainRevert } from '../../sdk/errors/explainRevert.js'
import { describeRelayRefusal } from './describeRelayRefusal.js'
import type { RelayRefusal, RelayRefusalCode } from './RelayRefusal.js'
import { relayId } from './relayId.js'
import type { RelayStatus } from './RelayStatus.js'
import { splitBatchLogs, type ExecutedRequestLogs } from './splitBatchLogs.js'
import { toForwardRequestData, type ForwardRequestData } from './toForwardRequestData.js'

const refused = (r: RelayRefusal): RelaySubmitResult => ({ accepted: false, refusal: r })

/** Refusals that cost the station a node call or a signature recovery: charged to the request's source. */
const COSTLY_REFUSALS = new Set<RelayRefusalCode>(['bad_signature', 'unregistered', 'replayed', 'nonce_ahead'])

export type CreateRelayParameters = {
  publicClient: PublicClient
  /** The station's relayer key: it signs the batch transactions and pays their gas, so it must hold Ether. */
  walletClient: WalletClient<Transport, Chain | undefined, Account>
  deployment: Deployment
  /** Most requests in one `executeBatch`. Default 100. */
  batchMaxSize?: number
  /**
   * Most calldata in one `executeBatch`, in bytes. Default 3 800, so the signed transaction stays under geth's
   * 4 KiB broadcast limit: a bigger one is only announced to peers, which fetch it half a second later, and
   * then often misses the block the signer in turn is building.
   */
  maxBatchBytes?: number
  /** Most batches sent and not yet mined. Default 64. */
  maxInFlight?: number
  /** How often a batch's receipt is looked for. Default: the public client's polling interval. */
  receiptPollMs?: number
  /** How long the first queued request waits for company before its batch is sent. Default 100 ms. */
  batchIntervalMs?: number
  /**
   * Per-signer token bucket. Default 10 a second, bursts of 20. A refused request gives its token back
   * unless it was shown to be the signer's (would_revert), so junk naming a device cannot use up its budget.
   */
  rateLimit?: RateLimit
  /**
   * Per-source bucket (the client's IP address, given to `submit`) of the refusals that cost the station a
   * node call or a signature recovery: bad_signature, unregistered, replayed, nonce_ahead. A source out of it
   * is refused at once. Default 20 a second, bursts of 40.
   */
  sourceFailureLimit?: RateLimit
  /** Upper bound of one batch transaction's gas; a batch is cut short before it. Default 15M. */
  maxBatchGas?: bigint
  /** How many finished results are kept for `status`. Default 100 000. */
  resultsKept?: number
  /** How long to wait for a batch's receipt before checking the chain for what happened. Default 120 s. */
  receiptTimeoutMs?: number
  /**
   * A batch that cannot be sent or reverts as a whole is tried this many times before its requests fail.
   * Default 3. A batch with no receipt (a halted chain) is resent until the requests' deadlines instead.
   */
  maxAttempts?: number
  /** Pause before resending after a send error. Default 1000 ms. */
  retryDelayMs?: number
  /**
   * Blocks built on a batch's block before the relay checks that the block is still in the chain. Default 6.
   * A request is answered `confirmed` from a one-block-deep receipt; a Clique fork can still undo that block.
   * Until the check, another request at the same nonce is refused (`reorg_pending`), and a batch found
   * undone is sent again.
   */
  finalityDepth?: number
  /** Server-side log of failures (sends, receipts, checks the node could not answer); routine batches are in `stats()`. */
  log?: (line: string) => void
}

export type RelayStats = {
  queued: number
  sent: number
  batches: number
  results: number
  /**
   * Confirmed batches whose block a chain reorganization replaced: found again in the new chain (`moved`,
   * usually in the block that replaced theirs), their transaction sent again (`resent`), or their requests
   * put in a new batch (`requeued`).
   */
  forks: { moved: number; resent: number; requeued: number }
  /** Batches sent and not yet settled. */
  inFlight: number
  /**
   * Where a request's time goes at this station, over the last 2000 of each: `check` from arrival to
   * queued (or refused), `queue` from queued to its batch leaving, `mined` from leaving to the receipt seen;
   * `batchSize` is requests per batch.
   */
  stages: { check: LatencySummary; queue: LatencySummary; mined: LatencySummary; batchSize: LatencySummary }
}

export type RelaySubmitResult = { accepted: true; id: string; status: 'queued' } | { accepted: false; refusal: RelayRefusal }

export type Relay = {
  /** The relayer's address (pays gas, receives refunds). */
  readonly relayer: Address
  /**
   * Checks a signed request (shape, rate, chain, value, target, deadline, duplicate; for a signer not seen
   * before its signature and registration; then the nonce, and a simulation of the forwarder's `execute`,
   * which checks the signature on chain) and queues it, or refuses it without spending gas. A request the
   * simulation refuses is told why: bad_signature, or would_revert with the contract's error. `source` (the
   * client's IP address) is charged for the costly refusals, see `sourceFailureLimit`.
   */
  submit(body: unknown, options?: { source?: string }): Promise<RelaySubmitResult>
  /** Where a request is, or undefined if this relay never accepted it (or forgot it). */
  status(id: string): RelayStatus | undefined
  /** Waits until the request is confirmed or failed, or `timeoutMs` passes; answers its status then. */
  waitFor(id: string, timeoutMs: number): Promise<RelayStatus | undefined>
  stats(): RelayStats
  /** Stops taking requests and waits (a bounded time) for the batches in flight. */
  close(): Promise<void>
}

type Entry = {
  id: string
  request: SignedForwardRequest
  data: ForwardRequestData
  gas: bigint
  /** What it adds to the batch's calldata. */
  bytes: number
  queuedAt: number
  /** A block at or before acceptance: where to look for the request's execution if its receipt is lost. */
  sinceBlock: bigint
  attempts: number
  status: RelayStatus
}

/**
 * The station's relay: devices sign EIP-712 forward requests, the relay checks them, batches them into
 * `executeBatch` transactions on the ERC-2771 forwarder and pays the gas. It can delay a request but never
 * forge one; a request it refuses costs nothing.
 *
 * @example
 * const relay = createRelay({ publicClient, walletClient, deployment })
 * const r = await relay.submit(signed)
 * if (r.accepted) console.log(await relay.waitFor(r.id, 30_000))
 */
export function createRelay(p: CreateRelayParameters): Relay {
  const {
    publicClient,
    walletClient,
    deployment,
    batchMaxSize = 100,
    maxBatchBytes = 3_800,
    maxInFlight = 64,
    receiptPollMs = Math.min(publicClient.pollingInterval, 100),
    batchIntervalMs = 100,
    rateLimit = { perSecond: 10, burst: 20 },
    sourceFailureLimit = { perSecond: 20, burst: 40 },
    maxBatchGas = 15_000_000n,
    resultsKept = 100_000,
    receiptTimeoutMs = 120_000,
    maxAttempts = 3,
    retryDelayMs = 1000,
    finalityDepth = 6,
    log = () => {},
  } = p
  const relayer = walletClient.account.address
  const targets = [deployment.batteryInterface, deployment.balanceProcess]
  const limiter = createRateLimiter(rateLimit)
  const failures = createRateLimiter(sourceFailureLimit)
  const results = createLruMap<string, RelayStatus>(resultsKept)
  /** Accepted and not yet finished, by id: the queue and the batch in flight. */
  const live = new Map<string, Entry>()
  /**
   * Requests (id and signature) between the duplicate check and the queue: the same request sent twice at
   * once is checked once. Other requests at the same id are checked side by side, so that junk naming a
   * device and its nonce cannot keep the device's own request out; the queue takes the first that passes.
   */
  const checking = new Set<string>()
  const waiters = new Map<string, Set<(s: RelayStatus) => void>>()
  /** Signers known to be registered: roles are never taken away, so a yes can be kept. */
  const registered = new Set<string>()
  let queue: Entry[] = []
  let timer: NodeJS.Timeout | undefined
  /** Batches sent or being sent and not yet settled, and their promises (for `close`). */
  let inFlight = 0
  const running = new Set<Promise<void>>()
  /** The tail of the serial send chain. */
  let sending: Promise<unknown> = Promise.resolve()
  /** After a failed send or batch, nothing leaves before this (performance.now() ms). */
  let pausedUntil = 0
  let fees: { at: number; value: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } } | undefined
  let relayerNonce: number | undefined
  /**
   * Batches confirmed from a receipt and not yet `finalityDepth` deep, and, by id, the signatures of their
   * requests: a request at one of those nonces with another signature is not taken before the check.
   */
  let unsettledBatches: { batch: Entry[]; hash: Hash; raw: Hex | undefined; blockNumber: bigint; blockHash: Hash }[] = []
  const unsettled = new Map<string, Hex>()
  let finalityTimer: NodeJS.Timeout | undefined
  let finalityFailing = false
  const forks = { moved: 0, resent: 0, requeued: 0 }
  const stages = { check: createLatencyWindow(), queue: createLatencyWindow(), mined: createLatencyWindow(), batchSize: createLatencyWindow() }
  let batches = 0
  let closed = false
  let chainIdPromise: Promise<number> | undefined
  const chainId = (): Promise<number> => {
    // Asked once; a failure is not cached, so a node that was down is asked again next time.
    chainIdPromise ??= publicClient.getChainId().catch((e: unknown) => {
      chainIdPromise = undefined
      throw e
    })
    return chainIdPromise
  }

  async function submit(body: unknown, o: { source?: string } = {}): Promise<RelaySubmitResult> {
    const t0 = performance.now()
    try {
      return await check(body, o.source)
    } finally {
      stages.check.add(performance.now() - t0)
    }
  }

  async function check(body: unknown, source: string | undefined): Promise<RelaySubmitResult> {
    if (closed) return refused(describeRelayRefusal('unavailable', { why: 'closing' }))
    const sourceWaitMs = source === undefined ? 0 : failures.wait(source)
    if (sourceWaitMs > 0) {
      return refused(describeRelayRefusal('rate_limited', { of: 'source', retryMs: sourceWaitMs, perSecond: sourceFailureLimit.perSecond }))
    }
    const shape = checkRequestShape(body)
    if (!shape.ok) return refused(shape.refusal)
    const r = shape.request
    const from = getAddress(r.from)
    // Early, so a flood costs a map lookup per request and no RPC.
    const waitMs = limiter.take(from.toLowerCase())
    if (waitMs > 0) {
      return refused(describeRelayRefusal('rate_limited', { of: 'signer', retryMs: waitMs, perSecond: rateLimit.perSecond }))
    }
    const result = await checkSigned(r, from)
    if (!result.accepted) {
      // Only a request that reached the chain's own checks is known to be the signer's; other refusals may
      // be junk naming it, which must not use up its budget. The source pays for the costly ones instead.
      if (result.refusal.code !== 'would_revert') limiter.refund(from.toLowerCase())
      if (source !== undefined && COSTLY_REFUSALS.has(result.refusal.code)) failures.take(source)
    }
    return result
  }

  /** The checks after the rate limit: chain, value, target, deadline, duplicate, then {@link checkAndQueue}. */
  async function checkSigned(r: SignedForwardRequest, from: Address): Promise<RelaySubmitResult> {
    try {
      const nodeChainId = await chainId()
      if (r.chainId !== nodeChainId) {
        return refused(describeRelayRefusal('wrong_chain', { chainId: r.chainId, networkChainId: nodeChainId }))
      }
      if (BigInt(r.value) !== 0n) {
        return refused(describeRelayRefusal('bad_value', {}))
      }
      if (!targets.some((t) => isAddressEqual(t, r.to))) {
        return refused(describeRelayRefusal('bad_target', { to: r.to }))
      }
      const now = Math.floor(Date.now() / 1000)
      if (r.deadline <= now) {
        return refused(describeRelayRefusal('expired', { deadline: r.deadline }))
      }
      const nonce = BigInt(r.nonce)
      const id = relayId(from, nonce)
      const request = `${id} ${r.signature.toLowerCase()}`
      if (live.has(id) || checking.has(request)) return refused(duplicateRefusal(id))
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

  /**
   * A good request costs the station two `eth_call`s in one exchange: the nonce, and the forwarder's
   * `execute`, simulated, which checks the signature (over the on-chain nonce), the deadline, and runs the
   * call. Only a request that fails pays for the diagnosis (local signature recovery, the inner call) that
   * names the reason. Recovering every signature in JavaScript and sending each call on its own HTTP
   * exchange made the checks most of a station's CPU under load (docs/benchmarks.md, section 2).
   */
  async function checkAndQueue(id: string, r: SignedForwardRequest, from: Address, nonce: bigint): Promise<RelaySubmitResult> {
    if (!registered.has(from)) {
      // New signers are checked in full first, so a forged request naming a stranger is told its signature is bad.
      const bad = await signatureRefusal(r, from, nonce)
      if (bad) return refused(bad)
      if (!(await isRegisteredAccount(publicClient, deployment, from))) {
        return refused(describeRelayRefusal('unregistered', { from }))
      }
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
      publicClient.simulateContract({ address: deployment.forwarder, abi: evswapForwarderAbi, functionName: 'execute', args: [data], account: relayer }).then(
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
    const held = unsettled.get(id)
    if (held !== undefined) return refused(undoneRefusal(id, held, r.signature))
    if (simulated !== undefined) return refused(await diagnose(r, from, nonce, data, simulated))
    if (closed) return refused(describeRelayRefusal('unavailable', { why: 'closing' }))
    // Another request at this id passed its checks meanwhile (both valid: the key signed twice at one nonce).
    if (live.has(id)) return refused(duplicateRefusal(id))
    const entry: Entry = { id, request: r, data, gas: data.gas, bytes: forwardRequestCalldataSize(data), queuedAt: performance.now(), sinceBlock, attempts: 0, status: { id, status: 'queued' } }
    live.set(id, entry)
    queue.push(entry)
    schedule()
    return { accepted: true, id, status: 'queued' }
  }

  function duplicateRefusal(id: string): RelayRefusal {
    return describeRelayRefusal('duplicate', { id, state: live.get(id)?.status.status ?? 'being checked' })
  }

  function nonceRefusal(from: Address, nonce: bigint, chainNonce: bigint): RelayRefusal | undefined {
    if (nonce < chainNonce) {
      return describeRelayRefusal('replayed', { from, nonce, next: chainNonce })
    }
    if (nonce > chainNonce) {
      return describeRelayRefusal('nonce_ahead', { from, nonce, next: chainNonce })
    }
    return undefined
  }

  function undoneRefusal(id: string, held: Hex, signature: Hex): RelayRefusal {
    if (held.toLowerCase() === signature.toLowerCase()) {
      return describeRelayRefusal('duplicate', { id, state: 'confirmed', undone: true })
    }
    return describeRelayRefusal('reorg_pending', { nonce: id.split('-')[1] ?? '' })
  }

  /** Why a request at the right nonce that the forwarder would refuse is refused: its signature, or the call. */
  async function diagnose(r: SignedForwardRequest, from: Address, nonce: bigint, data: ForwardRequestData, revert: unknown): Promise<RelayRefusal> {
    const bad = await signatureRefusal(r, from, nonce)
    if (bad) return bad
    const reason = (await innerRevert(data)) ?? decodeEvswapError(revert)
    return describeRelayRefusal('would_revert', { error: await explainRevert({ publicClient, deployment }, reason) })
  }

  /** Recovers the signer locally (the digest the forwarder computes at `nonce`); a refusal unless it is `from`. */
  async function signatureRefusal(r: SignedForwardRequest, from: Address, nonce: bigint): Promise<RelayRefusal | undefined> {
    let signer: Address | undefined
    try {
      signer = await recoverTypedDataAddress({
        domain: forwarderDomain({ chainId: r.chainId, forwarder: deployment.forwarder }),
        types: forwardRequestTypes,
        primaryType: 'ForwardRequest',
        message: { from, to: getAddress(r.to), value: 0n, gas: BigInt(r.gas), nonce, deadline: r.deadline, data: r.data },
        signature: r.signature,
      })
    } catch {
      signer = undefined
    }
    if (signer && isAddressEqual(signer, from)) return undefined
    return describeRelayRefusal('bad_signature', { from })
  }

  /**
   * The forwarder's `execute` reverts with a bare `FailedCall()` when the call inside fails, hiding why.
   * Running the inner call as the forwarder would (its address as sender, `from` appended per ERC-2771,
   * the request's gas) gives the contract's own error.
   */
  async function innerRevert(data: ForwardRequestData, blockNumber?: bigint): Promise<ReturnType<typeof decodeEvswapError> | undefined> {
    try {
      await publicClient.call({ account: deployment.forwarder, to: data.to, data: concat([data.data, data.from]), gas: data.gas, ...(blockNumber === undefined ? {} : { blockNumber }) })
      return undefined
    } catch (e) {
      return isRevertError(e) ? decodeEvswapError(e) : undefined
    }
  }

  // ------------------------------------------------------------------ batching
  //
  // Batches are pipelined: one leaves every `batchIntervalMs` (or at once when `batchMaxSize` are waiting)
  // with the relayer's next nonce, without waiting for the one before to be mined, up to `maxInFlight`
  // unmined. Waiting for each receipt before sending the next capped a station at one batch per block
  // (measured: 77 ops/s for 4 stations, docs/benchmarks.md). Sends are serial so nonces leave in order.

  function schedule(): void {
    if (closed || queue.length === 0 || inFlight >= maxInFlight) return
    const pause = pausedUntil - performance.now()
    if (pause <= 0 && queue.length >= batchMaxSize) {
      clearTimeout(timer)
      timer = undefined
      flush()
      return
    }
    if (timer) return
    // The oldest request has waited since it was queued, maybe behind full batches.
    const wait = Math.max(pause, batchIntervalMs - (performance.now() - queue[0]!.queuedAt), 0)
    timer = setTimeout(() => {
      timer = undefined
      flush()
    }, wait)
  }

  function flush(): void {
    if (closed || inFlight >= maxInFlight) return
    const batch = takeBatch()
    if (batch.length > 0) {
      inFlight += 1
      const run = runBatch(batch)
        .catch((e) => log(`relay: batch failed unexpectedly: ${e instanceof Error ? e.stack : String(e)}`))
        .finally(() => {
          inFlight -= 1
          running.delete(run)
          schedule()
        })
      running.add(run)
    }
    // More may be waiting than one batch holds.
    schedule()
  }

  /** Takes the next batch off the queue: oldest first, under the gas cap; requests expired meanwhile fail here. */
  function takeBatch(): Entry[] {
    const now = Math.floor(Date.now() / 1000)
    const batch: Entry[] = []
    let gasSum = 0n
    let bytes = 4 + 32 * 3 // selector, the array's offset and length, the refund receiver
    while (queue.length > 0 && batch.length < batchMaxSize) {
      const next = queue[0]!
      // The forwarder would skip it anyway; say why now rather than after a block.
      if (next.request.deadline <= now) {
        queue.shift()
        finish(next, { id: next.id, status: 'failed', error: `expired in the queue (deadline ${next.request.deadline})` })
        continue
      }
      if (batch.length > 0 && gasSum + next.gas > (maxBatchGas * 10n) / 12n) break
      if (batch.length > 0 && bytes + next.bytes > maxBatchBytes) break
      gasSum += next.gas
      bytes += next.bytes
      batch.push(queue.shift()!)
    }
    return batch
  }

  /** Sends one batch, waits for its receipt and settles its requests; on failure they go back to the queue. */
  async function runBatch(batch: Entry[]): Promise<void> {
    const calldata = encodeFunctionData({ abi: evswapForwarderAbi, functionName: 'executeBatch', args: [batch.map((e) => e.data), relayer] })
    const gas = estimateBatchGas(batch.map((e) => e.gas), calldata)
    let hash: Hash
    let raw: Hex | undefined
    try {
      ;({ hash, raw } = await sendSerial(calldata, gas))
    } catch (e) {
      const why = shortError(e)
      log(`relay: could not send a batch of ${batch.length}: ${why}`)
      await requeueOrFail(batch, `the relay could not send it: ${why}`)
      return
    }
    batches += 1
    const sentAt = performance.now()
    stages.batchSize.add(batch.length)
    for (const e of batch) {
      e.status = { id: e.id, status: 'sent', txHash: hash }
      stages.queue.add(sentAt - e.queuedAt)
    }
    let receipt: TransactionReceipt
    try {
      // No replacement check: only this relay sends from its key, and a lost transaction times out and is requeued.
      receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: receiptTimeoutMs, pollingInterval: receiptPollMs, checkReplacement: false })
    } catch (e) {
      relayerNonce = undefined
      log(`relay: no receipt for ${hash}: ${e instanceof Error ? e.message : String(e)}`)
      // A halted chain (too few signers, a deadlock) is no fault of the requests: they keep their place
      // until they run or their deadline passes, however long the halt.
      await requeueOrFail(batch, `no receipt for ${hash}`, { countAttempt: false })
      return
    }
    if (receipt.status !== 'success') {
      log(`relay: batch ${hash} reverted as a whole (gas used ${receipt.gasUsed} of ${gas})`)
      await requeueOrFail(batch, `the batch transaction ${hash} reverted`)
      return
    }
    stages.mined.add(performance.now() - sentAt)
    await settle(batch, receipt, raw)
  }

  /**
   * Signs a batch transaction with the relayer's next nonce, in order, then sends it without waiting for the
   * sends before it: geth's pool answers slowly while it resets on each new block, and sending one at a time
   * held batches back for half a second. A send that fails leaves a nonce gap; the next nonce is then read
   * from the node's pending count, which is the gap, so the requeued batch fills it.
   */
  async function sendSerial(calldata: Hex, gas: bigint): Promise<{ hash: Hash; raw: Hex | undefined }> {
    const signed = sending.then(async () => {
      try {
        relayerNonce ??= await publicClient.getTransactionCount({ address: relayer, blockTag: 'pending' })
        const tx = await signBatch(calldata, gas, relayerNonce)
        relayerNonce += 1
        return tx
      } catch (e) {
        relayerNonce = undefined
        throw e
      }
    })
    sending = signed.catch(() => undefined)
    const tx = await signed
    try {
      return { hash: await tx.send(), raw: tx.raw }
    } catch (e) {
      // Our nonce may be off (another process used the key, a node restarted): read it again next time.
      relayerNonce = undefined
      throw e
    }
  }

  /** The signed batch transaction, ready to send. */
  async function signBatch(calldata: Hex, gas: bigint, nonce: number): Promise<{ send: () => Promise<Hash>; raw?: Hex }> {
    const account = walletClient.account
    // A local key signs here and the node gets the raw transaction: no eth_chainId, fee or nonce round trips
    // per batch, which matter when a batch leaves every 100 ms.
    if (account.type !== 'local' || !account.signTransaction) {
      const hash = await walletClient.sendTransaction({ account, chain: walletClient.chain ?? null, to: deployment.forwarder, data: calldata, gas, nonce })
      return { send: async () => hash }
    }
    const fees = await feesPerGas()
    const serializedTransaction = await account.signTransaction({ type: 'eip1559', chainId: await chainId(), to: deployment.forwarder, data: calldata, gas, nonce, ...fees })
    return { send: () => publicClient.sendRawTransaction({ serializedTransaction }), raw: serializedTransaction }
  }

  /** EIP-1559 fees, asked of the node at most once a block period or so: they hardly move on a private chain. */
  async function feesPerGas(): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
    const now = performance.now()
    if (!fees || now - fees.at > 1000) {
      const f = await publicClient.estimateFeesPerGas({ type: 'eip1559', chain: null })
      // Twice the base fee leaves room for it to rise for several full blocks while a batch waits.
      fees = { at: now, value: { maxFeePerGas: f.maxFeePerGas * 2n, maxPriorityFeePerGas: f.maxPriorityFeePerGas } }
    }
    return fees.value
  }

  async function settle(batch: Entry[], receipt: TransactionReceipt, raw: Hex | undefined): Promise<void> {
    const executed = new Map(splitBatchLogs(receipt.logs, deployment.forwarder).map((x) => [relayId(x.signer, x.nonce), x]))
    const ran: Entry[] = []
    await Promise.all(
      batch.map(async (e) => {
        const x = executed.get(e.id)
        if (x) {
          ran.push(e)
          return finish(e, await resultOf(e, x, receipt.transactionHash, receipt.blockNumber))
        }
        // Skipped by the forwarder: it expired on the way, or its nonce was used by another transaction
        // (the same signed request relayed by another station, or, after a fork, another request). The
        // chain says which.
        const elsewhere = await findExecution(e)
        finish(
          e,
          elsewhere ?? {
            id: e.id,
            status: 'failed',
            txHash: receipt.transactionHash,
            blockNumber: Number(receipt.blockNumber),
            success: false,
            error: 'skipped by the forwarder: expired, or its nonce was used by another request (sign again at the next nonce)',
            events: [],
          },
        )
      }),
    )
    if (ran.length === 0 || finalityDepth <= 0) return
    for (const e of ran) unsettled.set(e.id, e.request.signature)
    unsettledBatches.push({ batch: ran, hash: receipt.transactionHash, raw, blockNumber: receipt.blockNumber, blockHash: receipt.blockHash })
    watchFinality()
  }

  // ------------------------------------------------------------------ finality
  //
  // Clique forks are short but frequent under load (docs/benchmarks.md): a block a receipt came from can be
  // replaced. Each confirmed batch is looked at again once `finalityDepth` blocks stand on its block. If the
  // block is gone, the batch is found where the new chain put it, or sent again (its signed transaction, or
  // failing that its requests in a new batch), so an operation answered `confirmed` is not lost to a fork.

  function watchFinality(): void {
    if (finalityTimer || closed || unsettledBatches.length === 0) return
    finalityTimer = setTimeout(() => {
      checkFinality()
        .then(
          () => {
            finalityFailing = false
          },
          (e: unknown) => {
            // Once per outage: the check runs every few hundred ms while its node is down.
            if (!finalityFailing) log(`relay: cannot check confirmed batches against the chain (retrying): ${e instanceof Error ? e.message : String(e)}`)
            finalityFailing = true
          },
        )
        .finally(() => {
          finalityTimer = undefined
          watchFinality()
        })
    }, receiptPollMs * 2)
  }

  async function checkFinality(): Promise<void> {
    const head = await publicClient.getBlockNumber()
    const due: typeof unsettledBatches = []
    const waiting: typeof unsettledBatches = []
    for (const b of unsettledBatches) (b.blockNumber + BigInt(finalityDepth) <= head ? due : waiting).push(b)
    if (due.length === 0) return
    unsettledBatches = waiting
    // Their nonces are free from here: a final batch's are used on chain, and an undone batch's requests are
    // either settled again (which holds their nonces again) or live (which refuses others at their nonces).
    for (const b of due) for (const e of b.batch) if (unsettled.get(e.id) === e.request.signature) unsettled.delete(e.id)
    const heights = [...new Set(due.map((b) => b.blockNumber))]
    const blocks = await Promise.all(heights.map((n) => publicClient.getBlock({ blockNumber: n, includeTransactions: false })))
    const canonical = new Map(blocks.map((b) => [b.number, b.hash]))
    await Promise.all(due.filter((b) => canonical.get(b.blockNumber) !== b.blockHash).map(redo))
  }

  /** What a device was told of a request: compared before and after a batch moved. */
  const outcomeText = (st: RelayStatus) => `${st.status} ${JSON.stringify(st.events ?? [], (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`

  /** A confirmed batch whose block the chain no longer holds: where is it now, or send it again. */
  async function redo(b: (typeof unsettledBatches)[number]): Promise<void> {
    const moved = await publicClient.getTransactionReceipt({ hash: b.hash }).catch(() => undefined)
    if (moved) {
      forks.moved += 1
      log(`relay: batch ${b.hash} moved from block ${b.blockNumber} to ${moved.blockNumber} in a chain reorganization`)
      const before = new Map(b.batch.map((e) => [e.id, outcomeText(e.status)]))
      await settle(b.batch, moved, b.raw)
      // Its results are those of the new chain now; a device already answered may hold different ones (an id
      // from a counter, such as a swap id, depends on the order of requests: docs/benchmarks.md, section 2).
      for (const e of b.batch) if (before.get(e.id) !== outcomeText(e.status)) log(`relay: request ${e.id} has other results after the reorganization: ${outcomeText(e.status)}`)
      return
    }
    log(`relay: batch ${b.hash} (block ${b.blockNumber}, ${b.batch.length} requests) was undone by a chain reorganization; sending it again`)
    for (const e of b.batch) {
      e.status = { id: e.id, status: 'sent', txHash: b.hash }
      live.set(e.id, e)
    }
    try {
      if (!b.raw) throw new Error('no signed transaction kept (the relayer key is not local)')
      await publicClient.sendRawTransaction({ serializedTransaction: b.raw }).catch((e: unknown) => {
        // Still (or again) in the node's pool: its receipt will come.
        if (!/already known|already imported/i.test(e instanceof Error ? e.message : String(e))) throw e
      })
      const receipt = await publicClient.waitForTransactionReceipt({ hash: b.hash, timeout: Math.min(receiptTimeoutMs, 60_000), pollingInterval: receiptPollMs, checkReplacement: false })
      if (receipt.status !== 'success') throw new Error(`it reverted as a whole`)
      forks.resent += 1
      await settle(b.batch, receipt, b.raw)
    } catch (e) {
      // Its nonce went to another transaction, or it will not come back: its requests go in a new batch if
      // they have not run and still can.
      log(`relay: batch ${b.hash} cannot run again (${shortError(e)}); requeueing its requests`)
      forks.requeued += 1
      await requeueOrFail(b.batch, `its batch ${b.hash} was undone by a chain reorganization`, { countAttempt: false })
      schedule()
    }
  }

  async function resultOf(e: Entry, x: ExecutedRequestLogs, txHash: Hash, blockNumber: bigint): Promise<RelayStatus> {
    const base = { id: e.id, txHash, blockNumber: Number(blockNumber), success: x.success, events: x.events }
    if (x.success) return { ...base, status: 'confirmed' }
    // The call ran and reverted without changing state, so the state after its block usually shows why
    // (including what requests before it in the batch changed); failing that, the state before the block.
    const reason = (await innerRevert(e.data, blockNumber)) ?? (blockNumber > 0n ? await innerRevert(e.data, blockNumber - 1n) : undefined)
    const why = await explainRevert({ publicClient, deployment, blockNumber }, reason)
    return { ...base, status: 'failed', error: `${why.message} ${why.hint}` }
  }

  /** Looks for the request's `ExecutedForwardRequest` on chain since it was accepted. */
  async function findExecution(e: Entry): Promise<RelayStatus | undefined> {
    try {
      const logs = await publicClient.getLogs({
        address: deployment.forwarder,
        event: evswapForwarderAbi.find((x) => x.type === 'event' && x.name === 'ExecutedForwardRequest') as Extract<(typeof evswapForwarderAbi)[number], { name: 'ExecutedForwardRequest' }>,
        args: { signer: e.data.from },
        fromBlock: e.sinceBlock,
      })
      const hit = parseEventLogs({ abi: evswapForwarderAbi, logs, eventName: 'ExecutedForwardRequest' }).find((l) => l.args.nonce === BigInt(e.request.nonce))
      if (!hit) return undefined
      const [receipt, tx] = await Promise.all([publicClient.getTransactionReceipt({ hash: hit.transactionHash }), publicClient.getTransaction({ hash: hit.transactionHash })])
      // The nonce ran, but maybe as another request (signed at the same nonce after a fork undid this one):
      // then this one did not run, and saying it did would lose it.
      if (!carriesRequest(tx.input, e.data.from, e.request.signature)) {
        return { id: e.id, status: 'failed', txHash: hit.transactionHash, blockNumber: Number(receipt.blockNumber), success: false, error: `nonce ${e.request.nonce} was used by another request of ${e.data.from}; sign again at the next nonce`, events: [] }
      }
      const x = splitBatchLogs(receipt.logs, deployment.forwarder).find((y) => relayId(y.signer, y.nonce) === e.id)
      return x ? resultOf(e, x, receipt.transactionHash, receipt.blockNumber) : undefined
    } catch {
      return undefined
    }
  }

  /**
   * After a send error or a lost or reverted batch: requests that can still run go back to the queue. Send
   * errors and reverts count towards `maxAttempts` (a request that breaks every batch must not loop).
   * Nothing leaves for `retryDelayMs`: whatever went wrong is likely to hit the next batch too.
   */
  async function requeueOrFail(batch: Entry[], why: string, o: { countAttempt?: boolean } = {}): Promise<void> {
    pausedUntil = performance.now() + retryDelayMs
    const back: Entry[] = []
    await Promise.all(
      batch.map(async (e) => {
        if (o.countAttempt !== false) e.attempts += 1
        const done = await findExecution(e)
        if (done) return finish(e, done)
        const chainNonce = await getForwarderNonce(publicClient, deployment, e.data.from).catch(() => undefined)
        const stillValid = chainNonce === BigInt(e.request.nonce) && e.request.deadline > Math.floor(Date.now() / 1000)
        if (stillValid && e.attempts < maxAttempts) {
          e.status = { id: e.id, status: 'queued' }
          back.push(e)
        } else {
          finish(e, { id: e.id, status: 'failed', error: stillValid ? `${why} (after ${e.attempts} attempts)` : why })
        }
      }),
    )
    // Oldest first, ahead of newer requests, so a retry keeps its place.
    queue = [...back.sort((a, b) => a.queuedAt - b.queuedAt), ...queue]
  }

  function finish(e: Entry, s0: RelayStatus): void {
    const s = { ...s0, signature: e.request.signature }
    e.status = s
    live.delete(e.id)
    results.set(e.id, s)
    const ws = waiters.get(e.id)
    waiters.delete(e.id)
    for (const w of ws ?? []) w(s)
  }

  function status(id: string): RelayStatus | undefined {
    const e = live.get(id)
    // The signature tells a device whether the request under this id is the one it signed: another holder
    // of the same key may have used the same nonce.
    return e ? { ...e.status, signature: e.request.signature } : results.get(id)
  }

  return {
    relayer,
    submit,
    status,
    waitFor(id, timeoutMs) {
      const now = status(id)
      if (!now || now.status === 'confirmed' || now.status === 'failed') return Promise.resolve(now)
      return new Promise((resolve) => {
        const set = waiters.get(id) ?? new Set()
        waiters.set(id, set)
        const done = (s: RelayStatus) => {
          clearTimeout(t)
          set.delete(done)
          resolve(s)
        }
        const t = setTimeout(() => {
          set.delete(done)
          if (set.size === 0) waiters.delete(id)
          resolve(status(id))
        }, timeoutMs)
        set.add(done)
      })
    },
    stats() {
      let sent = 0
      for (const e of live.values()) if (e.status.status === 'sent') sent++
      return {
        queued: live.size - sent,
        sent,
        batches,
        results: results.size,
        forks: { ...forks },
        inFlight,
        stages: { check: stages.check.summary(), queue: stages.queue.summary(), mined: stages.mined.summary(), batchSize: stages.batchSize.summary() },
      }
    },
    async close() {
      closed = true
      clearTimeout(timer)
      clearTimeout(finalityTimer)
      timer = undefined
      if (running.size > 0) await Promise.race([Promise.all(running), new Promise((r) => setTimeout(r, 10_000).unref())])
      for (const [id, ws] of waiters) for (const w of ws) w(status(id) ?? { id, status: 'failed', error: 'the relay closed' })
      waiters.clear()
    },
  }
}

/** viem's one-line message of an error (without its request dump), or the message of any other. */
function shortError(e: unknown): string {
  return e instanceof Error ? ((e as { shortMessage?: string }).shortMessage ?? e.message) : String(e)
}
