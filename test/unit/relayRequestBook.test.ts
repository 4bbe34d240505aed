import { strict as assert } from 'node:assert'
import { describe, test } from 'node:test'
import type { Hex } from 'viem'
import { createRequestBook } from '../../src/rich/relay/createRequestBook.js'
import type { RelayEntry } from '../../src/rich/relay/RelayEntry.js'

// The relay's record of its requests alone: no chain, entries made by hand.
const SIG = `0x${'22'.repeat(65)}` as Hex
const entry = (id: string): RelayEntry => ({ id, request: { signature: SIG } as RelayEntry['request'], data: {} as RelayEntry['data'], gas: 0n, bytes: 0, queuedAt: 0, sinceBlock: 0n, attempts: 0, status: { id, status: 'queued' } })

describe('relay stage: request book', () => {
  test('test_finish_waiterToldAtOnce_statusKeptWithItsSignature', async () => {
    const book = createRequestBook(10)
    const e = entry('a-0')
    book.track(e)
    assert.deepEqual(book.status('a-0'), { id: 'a-0', status: 'queued', signature: SIG })
    const waiting = book.waitFor('a-0', 60_000)
    book.finish(e, { id: 'a-0', status: 'confirmed', txHash: `0x${'33'.repeat(32)}` })
    const s = await waiting
    assert.equal(s?.status, 'confirmed')
    assert.equal(s.signature, SIG)
    assert.equal(book.live('a-0'), undefined)
    assert.deepEqual(book.counts(), { queued: 0, sent: 0, results: 1 })
    // A finished request is answered from the results, without waiting.
    assert.equal((await book.waitFor('a-0', 60_000))?.status, 'confirmed')
  })

  test('test_waitFor_timeout_answersTheStatusThen', async () => {
    const book = createRequestBook(10)
    const e = entry('b-0')
    book.track(e)
    e.status = { id: 'b-0', status: 'sent' }
    assert.deepEqual(book.counts(), { queued: 0, sent: 1, results: 0 })
    assert.equal((await book.waitFor('b-0', 20))?.status, 'sent')
    assert.equal(await book.waitFor('nobody-0', 20), undefined)
  })

  test('test_releaseWaiters_closing_everyWaiterAnswered', async () => {
    const book = createRequestBook(10)
    book.track(entry('c-0'))
    const waiting = book.waitFor('c-0', 60_000)
    book.releaseWaiters()
    assert.equal((await waiting)?.status, 'queued')
  })

  test('test_results_boundedByResultsKept_oldestForgotten', () => {
    const book = createRequestBook(2)
    for (const id of ['d-0', 'd-1', 'd-2']) {
      const e = entry(id)
      book.track(e)
      book.finish(e, { id, status: 'failed', error: 'x' })
    }
    assert.equal(book.status('d-0'), undefined)
    assert.equal(book.status('d-2')?.status, 'failed')
    assert.equal(book.counts().results, 2)
  })
})
