import type { Account, Address, Chain, PublicClient, Transport, WalletClient } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'
import { createAdmission } from './createAdmission.js'
import { createBatchQueue } from './createBatchQueue.js'
import { createBatchSender } from './createBatchSender.js'
import { createChainIdReader } from './createChainIdReader.js'
import { createFinality } from './createFinality.js'
import type { LatencySummary } from './createLatencyWindow.js'
import type { LastBatch } from './LastBatch.js'
import type { RateLimit } from './createRateLimiter.js'
import { createRequestBook } from './createRequestBook.js'
import { createSettlement } from './createSettlement.js'
import type { RelayStatus } from './RelayStatus.js'
import type { RelaySubmitResult } from './RelaySubmitResult.js'

export type { RelaySubmitResult } from './RelaySubmitResult.js'

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
  /** The batch sent last (size, transaction, when, and once mined its block and gas); null before the first. */
  lastBatch: LastBatch | null
}

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

/**
 * The station's relay: devices sign EIP-712 forward requests, the relay checks them, batches them into
 * `executeBatch` transactions on the ERC-2771 forwarder and pays the gas. It can delay a request but never
 * forge one; a request it refuses costs nothing.
 *
 * A pipeline of stages, each in its own file with the state it owns: admission (`createAdmission`), the
 * queue and batch building (`createBatchQueue`), sending (`createBatchSender`), settlement
 * (`createSettlement`), finality and forks (`createFinality`), and the record of each request
 * (`createRequestBook`). This factory only wires them; a stage that feeds an earlier one (settlement puts
 * requests back in the queue, finality settles again) gets it through an arrow resolved at call time.
 *
 * @example
 * const relay = createRelay({ publicClient, walletClient, deployment })
 * const r = await relay.submit(signed)
 * if (r.accepted) console.log(await relay.waitFor(r.id, 30_000))
 */
export function createRelay(p: CreateRelayParameters): Relay {
  const { publicClient, walletClient, deployment, log = () => {} } = p
  const receiptPollMs = p.receiptPollMs ?? Math.min(publicClient.pollingInterval, 100)
  const receiptTimeoutMs = p.receiptTimeoutMs ?? 120_000
  const relayer = walletClient.account.address
  const chainId = createChainIdReader(publicClient)
  const book = createRequestBook(p.resultsKept ?? 100_000)
  const queue = createBatchQueue({
    batchMaxSize: p.batchMaxSize ?? 100,
    maxBatchBytes: p.maxBatchBytes ?? 3_800,
    maxBatchGas: p.maxBatchGas ?? 15_000_000n,
    maxInFlight: p.maxInFlight ?? 64,
    batchIntervalMs: p.batchIntervalMs ?? 100,
    retryDelayMs: p.retryDelayMs ?? 1000,
    run: (batch) => sender.run(batch),
    expire: book.finish,
    log,
  })
  const settlement = createSettlement({ publicClient, deployment, maxAttempts: p.maxAttempts ?? 3, finish: book.finish, queue, onConfirmed: (...a) => finality.watch(...a) })
  const sender = createBatchSender({ publicClient, walletClient, deployment, chainId, receiptTimeoutMs, receiptPollMs, settlement, log })
  const finality = createFinality({ publicClient, finalityDepth: p.finalityDepth ?? 6, receiptPollMs, receiptTimeoutMs, track: book.track, settlement, queue, log })
  const admission = createAdmission({
    publicClient,
    deployment,
    relayer,
    chainId,
    rateLimit: p.rateLimit ?? { perSecond: 10, burst: 20 },
    sourceFailureLimit: p.sourceFailureLimit ?? { perSecond: 20, burst: 40 },
    book,
    finality,
    queue,
    log,
  })

  return {
    relayer,
    submit: admission.submit,
    status: book.status,
    waitFor: book.waitFor,
    stats() {
      const { queued, sent, results } = book.counts()
      const { batches, queue: waited, mined, batchSize } = sender.stats()
      return { queued, sent, batches, results, forks: finality.forks(), inFlight: queue.inFlight(), stages: { check: admission.stats(), queue: waited, mined, batchSize }, lastBatch: sender.lastBatch() }
    },
    async close() {
      admission.close()
      finality.close()
      await queue.close(10_000)
      book.releaseWaiters()
    },
  }
}
