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
import { checkRequestShape } from './checkRequestShape.js'
import { createLruMap } from './createLruMap.js'
import { createRateLimiter, type RateLimit } from './createRateLimiter.js'
import { estimateBatchGas } from './estimateBatchGas.js'
import { isRevertError } from './isRevertError.js'
import { refusal, type RelayRefusal } from './RelayRefusal.js'
import { relayId } from './relayId.js'
import type { RelayStatus } from './RelayStatus.js'
import { splitBatchLogs, type ExecutedRequestLogs } from './splitBatchLogs.js'
import { toForwardRequestData, type ForwardRequestData } from './toForwardRequestData.js'

export type CreateRelayParameters = {
  publicClient: PublicClient
  /** The station's relayer key: it signs the batch transactions and pays their gas, so it must hold Ether. */
  walletClient: WalletClient<Transport, Chain | undefined, Account>
  deployment: Deployment
  /** Most requests in one `executeBatch`. Default 50. */
  batchMaxSize?: number
  /** How long the first queued request waits for company before its batch is sent. Default 200 ms. */
  batchIntervalMs?: number
  /** Per-signer token bucket. Default 10 a second, bursts of 20. */
  rateLimit?: RateLimit
  /** Upper bound of one batch transaction's gas; a batch is cut short before it. Default 15M. */
  maxBatchGas?: bigint
  /** How many finished results are kept for `status`. Default 100 000. */
  resultsKept?: number
  /** How long to wait for a batch's receipt before checking the chain for what happened. Default 120 s. */
  receiptTimeoutMs?: number
  /** Sending a batch is tried this many times before its requests fail. Default 3. */
  maxAttempts?: number
  /** Pause before resending after a send error. Default 1000 ms. */
  retryDelayMs?: number
  /** Server-side log of batches and failures. */
  log?: (line: string) => void
}

export type RelaySubmitResult = { accepted: true; id: string; status: 'queued' } | { accepted: false; refusal: RelayRefusal }

export type Relay = {
  /** The relayer's address (pays gas, receives refunds). */
  readonly relayer: Address
  /**
   * Checks a signed request (shape, rate, chain, value, target, deadline, nonce, duplicate, signature,
   * registration, simulation, in that order) and queues it, or refuses it without spending gas.
   */
  submit(body: unknown): Promise<RelaySubmitResult>
  /** Where a request is, or undefined if this relay never accepted it (or forgot it). */
  status(id: string): RelayStatus | undefined
  /** Waits until the request is confirmed or failed, or `timeoutMs` passes; answers its status then. */
  waitFor(id: string, timeoutMs: number): Promise<RelayStatus | undefined>
  stats(): { queued: number; sent: number; batches: number; results: number }
  /** Stops taking requests and waits (a bounded time) for the batch in flight. */
  close(): Promise<void>
}

type Entry = {
  id: string
  request: SignedForwardRequest
  data: ForwardRequestData
  gas: bigint
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
    batchMaxSize = 50,
    batchIntervalMs = 200,
    rateLimit = { perSecond: 10, burst: 20 },
    maxBatchGas = 15_000_000n,
    resultsKept = 100_000,
    receiptTimeoutMs = 120_000,
    maxAttempts = 3,
    retryDelayMs = 1000,
    log = () => {},
  } = p
  const relayer = walletClient.account.address
  const targets = [deployment.batteryInterface, deployment.balanceProcess]
  const limiter = createRateLimiter(rateLimit)
  const results = createLruMap<string, RelayStatus>(resultsKept)
  /** Accepted and not yet finished, by id: the queue and the batch in flight. */
  const live = new Map<string, Entry>()
  /** Ids between the duplicate check and the queue, so two concurrent submissions of one id cannot both pass. */
  const checking = new Set<string>()
  const waiters = new Map<string, Set<(s: RelayStatus) => void>>()
  /** Signers known to be registered: roles are never taken away, so a yes can be kept. */
  const registered = new Set<string>()
  let queue: Entry[] = []
  let timer: NodeJS.Timeout | undefined
  let inFlight: Promise<void> | undefined
  let relayerNonce: number | undefined
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

  async function submit(body: unknown): Promise<RelaySubmitResult> {
    const refused = (r: RelayRefusal): RelaySubmitResult => ({ accepted: false, refusal: r })
    if (closed) return refused(refusal(503, 'unavailable', 'the relay is shutting down', { hint: 'send it to another station' }))
    const shape = checkRequestShape(body)
    if (!shape.ok) return refused(shape.refusal)
    const r = shape.request
    const from = getAddress(r.from)
    // Early, so a flood costs a map lookup per request and no RPC.
    const waitMs = limiter.take(from.toLowerCase())
    if (waitMs > 0) {
      return refused(refusal(429, 'rate_limited', `too many requests from ${from}`, { hint: `retry in ${waitMs} ms (at most ${rateLimit.perSecond} a second)` }))
    }
    try {
      const nodeChainId = await chainId()
      if (r.chainId !== nodeChainId) {
        return refused(refusal(400, 'wrong_chain', `chainId ${r.chainId} is not this network's (${nodeChainId})`, { field: 'chainId', hint: 'read chainId from GET /api/config and sign again' }))
      }
      if (BigInt(r.value) !== 0n) {
        return refused(refusal(400, 'bad_value', 'value must be "0": the relay forwards no Ether', { field: 'value' }))
      }
      if (!targets.some((t) => isAddressEqual(t, r.to))) {
        return refused(refusal(400, 'bad_target', `${r.to} is not BatteryInterface or BalanceProcess`, { field: 'to', hint: 'read the addresses from GET /api/config' }))
      }
      const now = Math.floor(Date.now() / 1000)
      if (r.deadline <= now) {
        return refused(refusal(400, 'expired', `the deadline ${r.deadline} has passed (now ${now})`, { field: 'deadline', hint: 'sign again with a later deadline' }))
      }
      const chainNonce = await getForwarderNonce(publicClient, deployment, from)
      const nonce = BigInt(r.nonce)
      if (nonce < chainNonce) {
        return refused(refusal(409, 'replayed', `nonce ${nonce} of ${from} was already used (next is ${chainNonce})`, { field: 'nonce', hint: 'the request already ran; fetch GET /api/nonce/:address to sign a new one' }))
      }
      if (nonce > chainNonce) {
        return refused(refusal(409, 'nonce_ahead', `nonce ${nonce} of ${from} is ahead of the next one (${chainNonce})`, { field: 'nonce', hint: 'wait for the earlier request, or sign again with GET /api/nonce/:address' }))
      }
      const id = relayId(from, nonce)
      if (live.has(id) || checking.has(id)) {
        return refused(refusal(409, 'duplicate', `request ${id} is already ${live.get(id)?.status.status ?? 'being checked'}`, { hint: `follow it at GET /api/relay/${id}` }))
      }
      checking.add(id)
      try {
        return await checkAndQueue(id, r, from, nonce)
      } finally {
        checking.delete(id)
      }
    } catch (e) {
      log(`relay: cannot check a request from ${from}: ${e instanceof Error ? e.message : String(e)}`)
      return refused(refusal(503, 'unavailable', 'the station cannot reach its chain node', { hint: 'retry, or send it to another station' }))
    }
  }

  async function checkAndQueue(id: string, r: SignedForwardRequest, from: Address, nonce: bigint): Promise<RelaySubmitResult> {
    const refused = (x: RelayRefusal): RelaySubmitResult => ({ accepted: false, refusal: x })
    // Recovered locally at the nonce we just read: the same digest the forwarder computes, without an eth_call.
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
    if (!signer || !isAddressEqual(signer, from)) {
      return refused(refusal(401, 'bad_signature', `the signature is not ${from}'s over this request`, { field: 'signature', hint: 'sign the EIP-712 ForwardRequest with the key of `from`, at the current nonce' }))
    }
    if (!registered.has(from)) {
      if (!(await isRegisteredAccount(publicClient, deployment, from))) {
        return refused(refusal(403, 'unregistered', `${from} is not registered`, { hint: 'ask the super account to register this device' }))
      }
      registered.add(from)
    }
    const data = toForwardRequestData({ ...r, from })
    const sinceBlock = await publicClient.getBlockNumber({ cacheTime: 0 })
    try {
      await publicClient.simulateContract({ address: deployment.forwarder, abi: evswapForwarderAbi, functionName: 'execute', args: [data], account: relayer })
    } catch (e) {
      if (!isRevertError(e)) throw e
      const reason = (await innerRevert(data)) ?? decodeEvswapError(e)
      return refused(refusal(422, 'would_revert', `the chain would refuse it: ${reason.message}`, { reason: reason.name }))
    }
    if (closed) return refused(refusal(503, 'unavailable', 'the relay is shutting down', { hint: 'send it to another station' }))
    const entry: Entry = { id, request: r, data, gas: data.gas, queuedAt: performance.now(), sinceBlock, attempts: 0, status: { id, status: 'queued' } }
    live.set(id, entry)
    queue.push(entry)
    schedule()
    return { accepted: true, id, status: 'queued' }
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

  function schedule(delayMs?: number): void {
    if (closed || inFlight || queue.length === 0) return
    if (queue.length >= batchMaxSize && delayMs === undefined) {
      clearTimeout(timer)
      timer = undefined
      flush()
      return
    }
    if (timer) return
    // The oldest request has waited since it was queued, maybe through a whole batch in flight.
    const wait = delayMs ?? Math.max(0, batchIntervalMs - (performance.now() - queue[0]!.queuedAt))
    timer = setTimeout(() => {
      timer = undefined
      flush()
    }, wait)
  }

  function flush(): void {
    if (inFlight || closed) return
    let retryAfter: number | undefined
    inFlight = (async () => {
      const now = Math.floor(Date.now() / 1000)
      const batch: Entry[] = []
      let gasSum = 0n
      while (queue.length > 0 && batch.length < batchMaxSize) {
        const next = queue[0]!
        // The forwarder would skip it anyway; say why now rather than after a block.
        if (next.request.deadline <= now) {
          queue.shift()
          finish(next, { id: next.id, status: 'failed', error: `expired in the queue (deadline ${next.request.deadline})` })
          continue
        }
        if (batch.length > 0 && gasSum + next.gas > (maxBatchGas * 10n) / 12n) break
        gasSum += next.gas
        batch.push(queue.shift()!)
      }
      if (batch.length === 0) return
      retryAfter = await sendBatch(batch)
    })()
      .catch((e) => log(`relay: batch failed unexpectedly: ${e instanceof Error ? e.stack : String(e)}`))
      .finally(() => {
        inFlight = undefined
        schedule(retryAfter)
      })
  }

  /** Sends one batch and settles its requests; answers a delay when the batch must be retried later. */
  async function sendBatch(batch: Entry[]): Promise<number | undefined> {
    const calldata = encodeFunctionData({ abi: evswapForwarderAbi, functionName: 'executeBatch', args: [batch.map((e) => e.data), relayer] })
    const gas = estimateBatchGas(batch.map((e) => e.gas), calldata)
    let hash: Hash
    try {
      relayerNonce ??= await publicClient.getTransactionCount({ address: relayer, blockTag: 'pending' })
      hash = await walletClient.sendTransaction({
        account: walletClient.account,
        chain: walletClient.chain ?? null,
        to: deployment.forwarder,
        data: calldata,
        gas,
        nonce: relayerNonce,
      })
      relayerNonce += 1
    } catch (e) {
      // Our nonce may be off (another process used the key, a node restarted): read it again next time.
      relayerNonce = undefined
      const why = e instanceof Error ? ((e as { shortMessage?: string }).shortMessage ?? e.message) : String(e)
      log(`relay: could not send a batch of ${batch.length}: ${why}`)
      await requeueOrFail(batch, `the relay could not send it: ${why}`)
      return retryDelayMs
    }
    batches += 1
    for (const e of batch) e.status = { id: e.id, status: 'sent', txHash: hash }
    log(`relay: batch of ${batch.length} sent in ${hash} (gas limit ${gas})`)
    let receipt: TransactionReceipt
    try {
      receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: receiptTimeoutMs })
    } catch (e) {
      relayerNonce = undefined
      log(`relay: no receipt for ${hash}: ${e instanceof Error ? e.message : String(e)}`)
      await requeueOrFail(batch, `no receipt for ${hash}`)
      return retryDelayMs
    }
    if (receipt.status !== 'success') {
      log(`relay: batch ${hash} reverted as a whole (gas used ${receipt.gasUsed} of ${gas})`)
      await requeueOrFail(batch, `the batch transaction ${hash} reverted`)
      return retryDelayMs
    }
    await settle(batch, receipt)
    return undefined
  }

  async function settle(batch: Entry[], receipt: TransactionReceipt): Promise<void> {
    const executed = new Map(splitBatchLogs(receipt.logs, deployment.forwarder).map((x) => [relayId(x.signer, x.nonce), x]))
    await Promise.all(
      batch.map(async (e) => {
        const x = executed.get(e.id)
        if (x) return finish(e, await resultOf(e, x, receipt.transactionHash, receipt.blockNumber))
        // Skipped by the forwarder: it expired on the way, or its nonce was used by another transaction
        // (the same signed request relayed by another station). The chain says which.
        const elsewhere = await findExecution(e)
        finish(e, elsewhere ?? { id: e.id, status: 'failed', txHash: receipt.transactionHash, blockNumber: Number(receipt.blockNumber), success: false, error: 'skipped by the forwarder: expired, or its nonce was used by another transaction', events: [] })
      }),
    )
  }

  async function resultOf(e: Entry, x: ExecutedRequestLogs, txHash: Hash, blockNumber: bigint): Promise<RelayStatus> {
    const base = { id: e.id, txHash, blockNumber: Number(blockNumber), success: x.success, events: x.events }
    if (x.success) return { ...base, status: 'confirmed' }
    // The call ran and reverted without changing state, so the state after its block usually shows why
    // (including what requests before it in the batch changed); failing that, the state before the block.
    const reason = (await innerRevert(e.data, blockNumber)) ?? (blockNumber > 0n ? await innerRevert(e.data, blockNumber - 1n) : undefined)
    return { ...base, status: 'failed', error: reason ? reason.message : 'reverted in batch' }
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
      const receipt = await publicClient.getTransactionReceipt({ hash: hit.transactionHash })
      const x = splitBatchLogs(receipt.logs, deployment.forwarder).find((y) => relayId(y.signer, y.nonce) === e.id)
      return x ? resultOf(e, x, receipt.transactionHash, receipt.blockNumber) : undefined
    } catch {
      return undefined
    }
  }

  /** After a send error or a lost or reverted batch: requests that can still run go back to the queue. */
  async function requeueOrFail(batch: Entry[], why: string): Promise<void> {
    const back: Entry[] = []
    await Promise.all(
      batch.map(async (e) => {
        e.attempts += 1
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
      return { queued: live.size - sent, sent, batches, results: results.size }
    },
    async close() {
      closed = true
      clearTimeout(timer)
      timer = undefined
      if (inFlight) await Promise.race([inFlight, new Promise((r) => setTimeout(r, 10_000).unref())])
      for (const [id, ws] of waiters) for (const w of ws) w(status(id) ?? { id, status: 'failed', error: 'the relay closed' })
      waiters.clear()
    },
  }
}
