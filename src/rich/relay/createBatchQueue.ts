import type { RelayEntry } from './RelayEntry.js'
import type { RelayStatus } from './RelayStatus.js'

export type CreateBatchQueueParameters = {
  /** Most requests in one batch. */
  batchMaxSize: number
  /** Most calldata in one batch, in bytes. */
  maxBatchBytes: number
  /** Upper bound of one batch transaction's gas; a batch is cut short before it (with a sixth to spare). */
  maxBatchGas: bigint
  /** Most batches handed to `run` and not yet done. */
  maxInFlight: number
  /** How long the first queued request waits for company before its batch leaves. */
  batchIntervalMs: number
  /** How long nothing leaves after {@link BatchQueue.pause}. */
  retryDelayMs: number
  /** Sends one batch and settles it; the queue counts it in flight until this settles. */
  run(batch: RelayEntry[]): Promise<void>
  /** Ends a request that expired in the queue. */
  expire(entry: RelayEntry, status: RelayStatus): void
  log(line: string): void
}

export type BatchQueue = {
  /** Queues an admitted request behind the others. */
  push(entry: RelayEntry): void
  /** Puts requests back ahead of the queue, oldest first, so a retry keeps its place. */
  putBack(entries: RelayEntry[]): void
  /** Holds every batch back for `retryDelayMs`: what went wrong is likely to hit the next batch too. */
  pause(): void
  /** Sends a batch now if one is due, or sets the timer for the next. */
  schedule(): void
  /** Batches handed to `run` and not yet done. */
  inFlight(): number
  /** Sends nothing more, and waits (at most `waitMs`) for the batches in flight. */
  close(waitMs: number): Promise<void>
}

/**
 * The relay's queue and batch building. Batches are pipelined: one leaves every `batchIntervalMs` (or at
 * once when `batchMaxSize` are waiting) without waiting for the one before to be mined, up to
 * `maxInFlight` unmined. Waiting for each receipt before sending the next capped a station at one batch
 * per block (measured: 77 ops/s for 4 stations, docs/benchmarks.md). A batch is cut before the gas cap and
 * the calldata size, so its transaction stays under geth's 4 KiB broadcast limit.
 *
 * @example
 * const queue = createBatchQueue({ batchMaxSize: 100, maxBatchBytes: 3800, maxBatchGas: 15_000_000n, maxInFlight: 64, batchIntervalMs: 100, retryDelayMs: 1000, run, expire, log })
 * queue.push(entry)
 */
export function createBatchQueue(p: CreateBatchQueueParameters): BatchQueue {
  let queue: RelayEntry[] = []
  let timer: NodeJS.Timeout | undefined
  let inFlight = 0
  const running = new Set<Promise<void>>()
  /** After a failed send or batch, nothing leaves before this (performance.now() ms). */
  let pausedUntil = 0
  let closed = false

  function schedule(): void {
    if (closed || queue.length === 0 || inFlight >= p.maxInFlight) return
    const pause = pausedUntil - performance.now()
    if (pause <= 0 && queue.length >= p.batchMaxSize) {
      clearTimeout(timer)
      timer = undefined
      flush()
      return
    }
    if (timer) return
    // The oldest request has waited since it was queued, maybe behind full batches.
    const wait = Math.max(pause, p.batchIntervalMs - (performance.now() - queue[0]!.queuedAt), 0)
    timer = setTimeout(() => {
      timer = undefined
      flush()
    }, wait)
  }

  function flush(): void {
    if (closed || inFlight >= p.maxInFlight) return
    const batch = takeBatch()
    if (batch.length > 0) {
      inFlight += 1
      const run = p
        .run(batch)
        .catch((e) => p.log(`relay: batch failed unexpectedly: ${e instanceof Error ? e.stack : String(e)}`))
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
  function takeBatch(): RelayEntry[] {
    const now = Math.floor(Date.now() / 1000)
    const batch: RelayEntry[] = []
    let gasSum = 0n
    let bytes = 4 + 32 * 3 // selector, the array's offset and length, the refund receiver
    while (queue.length > 0 && batch.length < p.batchMaxSize) {
      const next = queue[0]!
      // The forwarder would skip it anyway; say why now rather than after a block.
      if (next.request.deadline <= now) {
        queue.shift()
        p.expire(next, { id: next.id, status: 'failed', error: `expired in the queue (deadline ${next.request.deadline})` })
        continue
      }
      if (batch.length > 0 && gasSum + next.gas > (p.maxBatchGas * 10n) / 12n) break
      if (batch.length > 0 && bytes + next.bytes > p.maxBatchBytes) break
      gasSum += next.gas
      bytes += next.bytes
      batch.push(queue.shift()!)
    }
    return batch
  }

  return {
    push(entry) {
      queue.push(entry)
      schedule()
    },
    putBack(entries) {
      queue = [...[...entries].sort((a, b) => a.queuedAt - b.queuedAt), ...queue]
    },
    pause() {
      pausedUntil = performance.now() + p.retryDelayMs
    },
    schedule,
    inFlight: () => inFlight,
    async close(waitMs) {
      closed = true
      clearTimeout(timer)
      timer = undefined
      if (running.size > 0) await Promise.race([Promise.all(running), new Promise((r) => setTimeout(r, waitMs).unref())])
    },
  }
}
