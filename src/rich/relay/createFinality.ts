import type { Hash, Hex, PublicClient, TransactionReceipt } from 'viem'
import type { RelayEntry } from './RelayEntry.js'
import type { RelayStatus } from './RelayStatus.js'
import type { Settlement } from './createSettlement.js'
import { shortError } from './shortError.js'

export type CreateFinalityParameters = {
  publicClient: PublicClient
  /** Blocks built on a batch's block before it is checked (0: never checked). */
  finalityDepth: number
  /** The check runs every two of these while batches wait for it. */
  receiptPollMs: number
  /** Bounds the wait for a resent batch's receipt (at most 60 s). */
  receiptTimeoutMs: number
  /** Tracks an undone batch's requests as live again while it is sent again. */
  track(entry: RelayEntry): void
  /** Settles a batch found again, or resent; requeues the requests of one that cannot run again. */
  settlement: Pick<Settlement, 'settle' | 'requeueOrFail'>
  /** Sends the queue's next batch when due: after requeueing. */
  queue: { schedule(): void }
  log(line: string): void
}

export type ForkCounts = { moved: number; resent: number; requeued: number }

export type Finality = {
  /** Watches the requests of a mined batch until `finalityDepth` blocks stand on its block. */
  watch(ran: RelayEntry[], receipt: TransactionReceipt, raw: Hex | undefined): void
  /** The signature of the confirmed, not yet final request under `id`: another at its nonce must wait. */
  held(id: string): Hex | undefined
  /** Batches whose block a reorganization replaced: found again (`moved`), `resent`, or `requeued`. */
  forks(): ForkCounts
  /** Stops checking. */
  close(): void
}

type UnsettledBatch = { batch: RelayEntry[]; hash: Hash; raw: Hex | undefined; blockNumber: bigint; blockHash: Hash }

/** What a device was told of a request: compared before and after a batch moved. */
const outcomeText = (st: RelayStatus) => `${st.status} ${JSON.stringify(st.events ?? [], (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`

/**
 * The relay's finality and fork checks. Clique forks are short but frequent under load
 * (docs/benchmarks.md): a block a receipt came from can be replaced. Each confirmed batch is looked at
 * again once `finalityDepth` blocks stand on its block. If the block is gone, the batch is found where the
 * new chain put it, or sent again (its signed transaction, or failing that its requests in a new batch), so
 * an operation answered `confirmed` is not lost to a fork. Until then, another request at one of its
 * nonces is refused by admission ({@link Finality.held}).
 *
 * @example
 * const finality = createFinality({ publicClient, finalityDepth: 6, receiptPollMs: 100, receiptTimeoutMs: 120_000, track, settlement, queue, log })
 * finality.watch(ran, receipt, raw)
 */
export function createFinality(p: CreateFinalityParameters): Finality {
  const { publicClient, finalityDepth, log } = p
  let unsettledBatches: UnsettledBatch[] = []
  /** By id, the signatures of the requests of `unsettledBatches`. */
  const unsettled = new Map<string, Hex>()
  let timer: NodeJS.Timeout | undefined
  let failing = false
  let closed = false
  const forks: ForkCounts = { moved: 0, resent: 0, requeued: 0 }

  function watchSoon(): void {
    if (timer || closed || unsettledBatches.length === 0) return
    timer = setTimeout(() => {
      check()
        .then(
          () => {
            failing = false
          },
          (e: unknown) => {
            // Once per outage: the check runs every few hundred ms while its node is down.
            if (!failing) log(`relay: cannot check confirmed batches against the chain (retrying): ${e instanceof Error ? e.message : String(e)}`)
            failing = true
          },
        )
        .finally(() => {
          timer = undefined
          watchSoon()
        })
    }, p.receiptPollMs * 2)
  }

  async function check(): Promise<void> {
    const head = await publicClient.getBlockNumber()
    const due: UnsettledBatch[] = []
    const waiting: UnsettledBatch[] = []
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

  /** A confirmed batch whose block the chain no longer holds: where is it now, or send it again. */
  async function redo(b: UnsettledBatch): Promise<void> {
    const moved = await publicClient.getTransactionReceipt({ hash: b.hash }).catch(() => undefined)
    if (moved) {
      forks.moved += 1
      log(`relay: batch ${b.hash} moved from block ${b.blockNumber} to ${moved.blockNumber} in a chain reorganization`)
      const before = new Map(b.batch.map((e) => [e.id, outcomeText(e.status)]))
      await p.settlement.settle(b.batch, moved, b.raw)
      // Its results are those of the new chain now; a device already answered may hold different ones (an id
      // from a counter, such as a swap id, depends on the order of requests: docs/benchmarks.md, section 2).
      for (const e of b.batch) if (before.get(e.id) !== outcomeText(e.status)) log(`relay: request ${e.id} has other results after the reorganization: ${outcomeText(e.status)}`)
      return
    }
    log(`relay: batch ${b.hash} (block ${b.blockNumber}, ${b.batch.length} requests) was undone by a chain reorganization; sending it again`)
    for (const e of b.batch) {
      e.status = { id: e.id, status: 'sent', txHash: b.hash }
      p.track(e)
    }
    try {
      if (!b.raw) throw new Error('no signed transaction kept (the relayer key is not local)')
      await publicClient.sendRawTransaction({ serializedTransaction: b.raw }).catch((e: unknown) => {
        // Still (or again) in the node's pool: its receipt will come.
        if (!/already known|already imported/i.test(e instanceof Error ? e.message : String(e))) throw e
      })
      const receipt = await publicClient.waitForTransactionReceipt({ hash: b.hash, timeout: Math.min(p.receiptTimeoutMs, 60_000), pollingInterval: p.receiptPollMs, checkReplacement: false })
      if (receipt.status !== 'success') throw new Error(`it reverted as a whole`)
      forks.resent += 1
      await p.settlement.settle(b.batch, receipt, b.raw)
    } catch (e) {
      // Its nonce went to another transaction, or it will not come back: its requests go in a new batch if
      // they have not run and still can.
      log(`relay: batch ${b.hash} cannot run again (${shortError(e)}); requeueing its requests`)
      forks.requeued += 1
      await p.settlement.requeueOrFail(b.batch, `its batch ${b.hash} was undone by a chain reorganization`, { countAttempt: false })
      p.queue.schedule()
    }
  }

  return {
    watch(ran, receipt, raw) {
      if (finalityDepth <= 0) return
      for (const e of ran) unsettled.set(e.id, e.request.signature)
      unsettledBatches.push({ batch: ran, hash: receipt.transactionHash, raw, blockNumber: receipt.blockNumber, blockHash: receipt.blockHash })
      watchSoon()
    },
    held: (id) => unsettled.get(id),
    forks: () => ({ ...forks }),
    close() {
      closed = true
      clearTimeout(timer)
    },
  }
}
