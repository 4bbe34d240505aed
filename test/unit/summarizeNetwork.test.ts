// The network page's plain-words line, from made-up blocks: the rules of "online" and of a stopped chain.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Address, Hash } from 'viem'
import type { RecentBlock } from '../../src/rich/api/network/RecentBlock.js'
import { summarizeNetwork } from '../../src/rich/api/network/summarizeNetwork.js'

const a = '0xaAaAaAaaAaAaAaaAaAAAAAAAAaaaAaAaAaaAaaAa' as Address
const b = '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' as Address
const c = '0xcCCCcccCCcCCCCcCCcccccCCCcccCcCCccCcCCcC' as Address
const names = { [a.toLowerCase()]: 'station-1', [b]: 'station-2', [c]: 'station-3' }
const T0 = 1_800_000_000

/** Blocks head..head-n+1, newest first, one a second, sealed in turn by `sealers` (from the head back). */
const blocks = (sealers: (Address | null)[], head = 100): RecentBlock[] =>
  sealers.map((sealer, i) => ({ number: head - i, hash: `0x${String(head - i).padStart(64, '0')}` as Hash, timestamp: T0 - i, transactions: 0, sealer, inTurn: sealer ? true : null }))
const now = (T0 + 1) * 1000

describe('summarizeNetwork', () => {
  test('test_summarize_allSealed_thisStationIsSealingAndAllOnline', () => {
    const s = summarizeNetwork({ signers: [a, b, c], blocks: blocks([a, c, b, a, c, b, a, c]), self: a, names, now, blockPeriodMs: 1000 })
    assert.equal(s.summary, 'This station is sealing; 3 of 3 signers online.')
    assert.equal(s.window, 6)
    assert.equal(s.online, 3)
    assert.equal(s.headAgeSeconds, 1)
    assert.equal(s.stalled, false)
    assert.deepEqual(s.signers[0], { address: a, name: 'station-1', self: true, lastSealed: 100, sealed: 2, online: true })
  })

  test('test_summarize_aSignerSilentForTwoRounds_namedWithHowLong', () => {
    // b sealed block 93, outside the window of 6 (100..95): offline.
    const s = summarizeNetwork({ signers: [a, b, c], blocks: blocks([a, c, a, c, a, c, a, b]), self: c, names, now, blockPeriodMs: 1000 })
    assert.equal(s.summary, 'This station is sealing; 2 of 3 signers online. Signer station-2 has sealed none of the last 6 blocks (6 s).')
    assert.deepEqual(
      s.signers.map((x) => [x.name, x.online, x.lastSealed, x.sealed]),
      [
        ['station-1', true, 100, 3],
        ['station-2', false, 93, 0],
        ['station-3', true, 99, 3],
      ],
    )
  })

  test('test_summarize_thisStationSilentOrNotASigner', () => {
    const silent = summarizeNetwork({ signers: [a, b, c], blocks: blocks([b, c, b, c, b, c]), self: a, now, blockPeriodMs: 1000 })
    assert.equal(silent.summary, 'This station is a signer but sealed none of the last 6 blocks (6 s); 2 of 3 signers online.')
    const outsider = summarizeNetwork({ signers: [a, b], blocks: blocks([a, b, a, b]), self: null, now, blockPeriodMs: 1000 })
    assert.equal(outsider.summary, 'This station is not a signer; 2 of 2 signers online.')
    assert.ok(outsider.signers.every((x) => !x.self && x.name === null))
  })

  test('test_summarize_noBlockForTenPeriods_saysTheChainStopped', () => {
    const s = summarizeNetwork({ signers: [a, b], blocks: blocks([a, b, a, b]), self: a, now: (T0 + 300) * 1000, blockPeriodMs: 5000 })
    assert.equal(s.stalled, true)
    assert.equal(s.summary, 'The chain has made no block for 5 min. This station is sealing; 2 of 2 signers online.')
    // 29 s is not yet a stop even at a 1 s period: a busy machine is late.
    assert.equal(summarizeNetwork({ signers: [a, b], blocks: blocks([a, b]), self: a, now: (T0 + 29) * 1000, blockPeriodMs: 1000 }).stalled, false)
  })

  test('test_summarize_devChain_saysSoInsteadOfEmptyTables', () => {
    const s = summarizeNetwork({ signers: [], blocks: blocks([null, null]), self: null, now, blockPeriodMs: 1000 })
    assert.equal(s.summary, 'This station runs the embedded dev chain: one node, which makes every block itself; there are no signers.')
    assert.deepEqual([s.window, s.online, s.signers], [0, 0, []])
  })
})
