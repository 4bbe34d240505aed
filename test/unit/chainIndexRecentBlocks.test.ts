import { strict as assert } from 'node:assert'
import { describe, test } from 'node:test'
import type { Hash } from 'viem'
import { createJournal } from '../../src/rich/events/createJournal.js'
import { createRecentBlocks } from '../../src/rich/events/createRecentBlocks.js'
import type { IndexedEvent } from '../../src/rich/events/IndexedEvent.js'

// The chain index's reorganization handling alone: blocks applied to a map through the journal, no chain.
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hash
const event = (block: number, i: number): IndexedEvent => ({ event: `E${block}.${i}`, args: {}, blockNumber: block, txHash: hash(block), logIndex: i, address: '0x0000000000000000000000000000000000000001' })

describe('chain index part: recent blocks', () => {
  test('test_undoNewest_mapBackAsBeforeTheBlock_eventsRemovedNewestFirst', () => {
    const journal = createJournal()
    const removed: string[] = []
    const recent = createRecentBlocks({ reorgDepth: 8, journal, onRemoved: (e) => removed.push(e.event) })
    const balances = new Map<string, number>([['a', 1]])
    recent.record(10n, hash(10), () => {
      journal.set(balances, 'a', 2)
      return [event(10, 0)]
    })
    recent.record(11n, hash(11), () => {
      journal.set(balances, 'a', 3)
      journal.set(balances, 'b', 7)
      return [event(11, 0), event(11, 1)]
    })
    assert.deepEqual(recent.newest(), { number: 11n, hash: hash(11) })
    assert.equal(recent.undoNewest(), 11n)
    assert.deepEqual([...balances], [['a', 2]])
    assert.deepEqual(removed, ['E11.1', 'E11.0'])
    assert.deepEqual(recent.newest(), { number: 10n, hash: hash(10) })
    assert.equal(recent.undoNewest(), 10n)
    assert.deepEqual([...balances], [['a', 1]])
    assert.equal(recent.newest(), undefined)
    assert.equal(recent.undone(), 2)
    // Changes outside a recorded block are not undoable.
    journal.set(balances, 'a', 9)
    assert.deepEqual([...balances], [['a', 9]])
  })

  test('test_record_keepsOnlyReorgDepthBlocks_forgetKeepsNone', () => {
    const recent = createRecentBlocks({ reorgDepth: 2, journal: createJournal(), onRemoved: () => {} })
    for (const n of [1, 2, 3]) recent.record(BigInt(n), hash(n), () => [])
    assert.equal(recent.undoNewest(), 3n)
    assert.equal(recent.undoNewest(), 2n)
    assert.equal(recent.newest(), undefined, 'block 1 was older than the depth and is final')
    recent.record(4n, hash(4), () => [])
    recent.forget()
    assert.equal(recent.newest(), undefined)
  })

  test('test_record_applyThrows_journalStopsRecording', () => {
    const journal = createJournal()
    const recent = createRecentBlocks({ reorgDepth: 8, journal, onRemoved: () => {} })
    const m = new Map<string, number>()
    assert.throws(() =>
      recent.record(1n, hash(1), () => {
        throw new Error('bad log')
      }),
    )
    assert.equal(recent.newest(), undefined)
    journal.set(m, 'x', 1)
    recent.record(2n, hash(2), () => [])
    recent.undoNewest()
    assert.deepEqual([...m], [['x', 1]], 'a change after the failed block was recorded into it')
  })
})
