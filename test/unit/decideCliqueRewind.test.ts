// When a stalled Clique node rewinds its head (the liveness watch of `evswap station --network`): only when
// enough signers are online that the chain should be moving.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decideCliqueRewind } from '../../src/network/decideCliqueRewind.js'

test('a short stall is normal: no rewind', () => {
  const d = decideCliqueRewind({ stalledMs: 5_000, thresholdMs: 20_000, signers: 4, peers: 3 })
  assert.equal(d.rewind, false)
})

test('4 signers, 3 online and stalled past the threshold: a deadlock, rewind floor(4/2)+1 = 3 blocks', () => {
  assert.deepEqual(decideCliqueRewind({ stalledMs: 20_000, thresholdMs: 20_000, signers: 4, peers: 2 }), { rewind: true, blocks: 3 })
})

test('4 signers, 2 online: Clique waits for the others by design, so no rewind, and the reason says so', () => {
  assert.deepEqual(decideCliqueRewind({ stalledMs: 60_000, thresholdMs: 20_000, signers: 4, peers: 1 }), {
    rewind: false,
    reason: '2 of 4 signers online, 3 are needed to seal: waiting for them',
  })
})

test('the number of blocks and signers needed follows the signer count', () => {
  assert.deepEqual(decideCliqueRewind({ stalledMs: 30_000, thresholdMs: 20_000, signers: 7, peers: 3 }), { rewind: true, blocks: 4 })
  assert.equal(decideCliqueRewind({ stalledMs: 30_000, thresholdMs: 20_000, signers: 7, peers: 2 }).rewind, false)
  assert.deepEqual(decideCliqueRewind({ stalledMs: 30_000, thresholdMs: 20_000, signers: 2, peers: 1 }), { rewind: true, blocks: 2 })
})

test('a lone signer never rewinds: it cannot deadlock', () => {
  assert.equal(decideCliqueRewind({ stalledMs: 60_000, thresholdMs: 20_000, signers: 1, peers: 0 }).rewind, false)
})
