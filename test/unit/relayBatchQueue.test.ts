import { strict as assert } from 'node:assert'
import { describe, test } from 'node:test'
import type { Address, Hex } from 'viem'
import { createBatchQueue, type CreateBatchQueueParameters } from '../../src/rich/relay/createBatchQueue.js'
import type { RelayEntry } from '../../src/rich/relay/RelayEntry.js'
import type { RelayStatus } from '../../src/rich/relay/RelayStatus.js'

// The queue and batch building alone: fake entries (no chain), a `run` that records each batch and is
// released by the test, so what leaves when is seen directly.
const FROM = '0x00000000000000000000000000000000000000a1' as Address

function entry(n: number, o: { gas?: bigint; bytes?: number; deadline?: number; queuedAt?: number } = {}): RelayEntry {
  const id = `${FROM}-${n}`
  const deadline = o.deadline ?? Math.floor(Date.now() / 1000) + 300
  return {
    id,
    request: { from: FROM, to: FROM, value: '0', gas: '100000', nonce: String(n), deadline, data: '0x', signature: `0x${'11'.repeat(65)}` as Hex, chainId: 31337 },
    data: { from: FROM, to: FROM, value: 0n, gas: o.gas ?? 100_000n, deadline, data: '0x', signature: '0x' },
    gas: o.gas ?? 100_000n,
    bytes: o.bytes ?? 300,
    queuedAt: o.queuedAt ?? performance.now(),
    sinceBlock: 0n,
    attempts: 0,
    status: { id, status: 'queued' },
  }
}

/** A queue whose `run` hands each batch to the test and stays in flight until the test releases it. */
function harness(o: Partial<CreateBatchQueueParameters> = {}) {
  const batches: { ids: string[]; release: () => void }[] = []
  const expired: [string, RelayStatus][] = []
  let arrived = () => {}
  const queue = createBatchQueue({
    batchMaxSize: 3,
    maxBatchBytes: 3_800,
    maxBatchGas: 15_000_000n,
    maxInFlight: 64,
    batchIntervalMs: 50,
    retryDelayMs: 1000,
    run: (batch) =>
      new Promise<void>((release) => {
        batches.push({ ids: batch.map((e) => e.id), release })
        arrived()
      }),
    expire: (e, s) => expired.push([e.id, s]),
    log: () => {},
    ...o,
  })
  /** Resolves once `n` batches have left. */
  const batchesSoon = async (n: number) => {
    while (batches.length < n) await new Promise<void>((r) => (arrived = r))
  }
  return { queue, batches, expired, batchesSoon }
}

const ids = (...n: number[]) => n.map((i) => `${FROM}-${i}`)

describe('relay stage: queue and batching', () => {
  test('test_push_fullBatch_leavesAtOnce_restWaitsForTheInterval', async () => {
    const { queue, batches } = harness({ batchIntervalMs: 60_000 })
    for (const n of [0, 1, 2, 3]) queue.push(entry(n))
    // The full batch leaves without waiting for the minute-long interval; the fourth request waits for it.
    assert.deepEqual(batches.map((b) => b.ids), [ids(0, 1, 2)])
    assert.equal(queue.inFlight(), 1)
    batches[0]!.release()
    await queue.close(1000)
    assert.equal(batches.length, 1, 'a batch left after close')
  })

  test('test_push_oneRequest_leavesAfterTheInterval_asItsOwnBatch', async () => {
    const { queue, batches, batchesSoon } = harness({ batchIntervalMs: 40 })
    const t0 = performance.now()
    queue.push(entry(7))
    assert.equal(batches.length, 0)
    await batchesSoon(1)
    assert.ok(performance.now() - t0 >= 35, 'left before its interval')
    assert.deepEqual(batches[0]!.ids, ids(7))
    batches[0]!.release()
    await queue.close(1000)
  })

  test('test_takeBatch_cutBeforeTheBytesAndGasCaps', async () => {
    const bytes = harness({ batchMaxSize: 10, batchIntervalMs: 10, maxBatchBytes: 100 + 2 * 300 })
    for (const n of [0, 1, 2]) bytes.queue.push(entry(n))
    await bytes.batchesSoon(2)
    assert.deepEqual(bytes.batches.map((b) => b.ids), [ids(0, 1), ids(2)])
    for (const b of bytes.batches) b.release()
    await bytes.queue.close(1000)

    // The gas cap keeps a sixth to spare: 1.2M allows 1M, so two requests of 400k and not three.
    const gas = harness({ batchMaxSize: 10, batchIntervalMs: 10, maxBatchGas: 1_200_000n })
    for (const n of [0, 1, 2]) gas.queue.push(entry(n, { gas: 400_000n }))
    await gas.batchesSoon(2)
    assert.deepEqual(gas.batches.map((b) => b.ids), [ids(0, 1), ids(2)])
    for (const b of gas.batches) b.release()
    await gas.queue.close(1000)
  })

  test('test_takeBatch_expiredInTheQueue_failsWithoutBeingSent', async () => {
    const { queue, batches, expired, batchesSoon } = harness({ batchIntervalMs: 10 })
    queue.push(entry(0, { deadline: Math.floor(Date.now() / 1000) - 1 }))
    queue.push(entry(1))
    await batchesSoon(1)
    assert.deepEqual(batches[0]!.ids, ids(1))
    assert.equal(expired.length, 1)
    assert.equal(expired[0]![0], ids(0)[0])
    assert.equal(expired[0]![1].status, 'failed')
    assert.match(expired[0]![1].error ?? '', /expired in the queue/)
    batches[0]!.release()
    await queue.close(1000)
  })

  test('test_maxInFlight_holdsTheNextBatchUntilOneSettles', async () => {
    const { queue, batches, batchesSoon } = harness({ batchMaxSize: 1, maxInFlight: 2 })
    for (const n of [0, 1, 2]) queue.push(entry(n))
    assert.deepEqual(batches.map((b) => b.ids), [ids(0), ids(1)])
    assert.equal(queue.inFlight(), 2)
    batches[0]!.release()
    await batchesSoon(3)
    assert.deepEqual(batches[2]!.ids, ids(2))
    batches[1]!.release()
    batches[2]!.release()
    await queue.close(1000)
    assert.equal(queue.inFlight(), 0)
  })

  test('test_putBack_afterPause_oldestFirstAheadOfNewer_afterTheRetryDelay', async () => {
    const { queue, batches, batchesSoon } = harness({ batchMaxSize: 10, batchIntervalMs: 10, retryDelayMs: 150 })
    const old = [entry(1, { queuedAt: 20 }), entry(0, { queuedAt: 10 })]
    queue.pause()
    queue.push(entry(5))
    queue.putBack(old)
    const t0 = performance.now()
    await batchesSoon(1)
    assert.ok(performance.now() - t0 >= 100, 'a batch left during the pause')
    assert.deepEqual(batches[0]!.ids, ids(0, 1, 5))
    batches[0]!.release()
    await queue.close(1000)
  })

  test('test_close_sendsNothingMore_andWaitsForTheBatchInFlight', async () => {
    const { queue, batches } = harness({ batchMaxSize: 1 })
    queue.push(entry(0))
    let closed = false
    const closing = queue.close(10_000).then(() => (closed = true))
    queue.push(entry(1))
    await new Promise((r) => setImmediate(r))
    assert.equal(closed, false, 'close did not wait for the batch in flight')
    batches[0]!.release()
    await closing
    assert.deepEqual(batches.map((b) => b.ids), [ids(0)])
  })
})
