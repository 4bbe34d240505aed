// `bench network` at its smallest real shape: 2 signers and 1 follower that joined from the public
// network.json, each geth in a network namespace of its own, under a few seconds of paced transfers. Checks
// that what it reports is measured (every counted block imported by every node, CPU and memory of each
// geth, heads compared) and that it leaves no namespace and no geth behind. Needs root, as the namespace
// test does; without it, it fails and says so.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { measureNetworkSize } from '../../bench/network/measureNetworkSize.js'
import { networkSizes } from '../../bench/network/runNetworkBench.js'
import { runCleanup } from '../../bench/lib/cleanup.js'

describe('bench network', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'evswap-bench-network-test-'))
  after(async () => {
    await runCleanup()
    rmSync(dir, { recursive: true, force: true })
  })

  it('measures sizes 2, 4, 8, … up to the largest, which is always measured', () => {
    assert.deepEqual(networkSizes(16), [2, 4, 8, 16])
    assert.deepEqual(networkSizes(12), [2, 4, 8, 12])
    assert.deepEqual(networkSizes(2), [2])
  })

  it('2 signers and 1 follower in namespaces: every transfer confirmed, every block on every node, each geth measured, nothing left behind', async () => {
    const r = await measureNetworkSize({ nodes: 3, signers: 2, seconds: 6, idleSeconds: 2, ratePerSecond: 10, dir, log: () => undefined })
    assert.equal(r.load.sent, 60)
    assert.equal(r.load.refused, 0)
    assert.equal(r.load.confirmed, 60)
    assert.ok(r.blocks >= 3, `only ${r.blocks} blocks in the window`)
    // Each counted block was imported by all 3 nodes: 2 propagation times per block, to 1 signer and 1 follower.
    assert.equal(r.propagationMs.all.n, r.blocks * 2)
    assert.equal(r.propagationMs.toSigners.n, r.blocks)
    assert.equal(r.propagationMs.toFollowers?.n, r.blocks)
    assert.ok(r.propagationMs.all.p50 >= 0 && r.propagationMs.all.p99 >= r.propagationMs.all.p50)
    assert.ok(r.agreement.samples > 20, `${r.agreement.samples} head samples`)
    assert.ok(r.agreement.withinOneBlockFraction > 0.9, `nodes were apart: ${JSON.stringify(r.agreement)}`)
    assert.deepEqual(r.perNode.map((n) => [n.name, n.role]), [['station-1', 'signer'], ['station-2', 'signer'], ['station-3', 'follower']])
    for (const n of r.perNode) {
      assert.ok(n.cpuSecondsPerMinute > 0, `${n.name} used no CPU`)
      assert.ok(n.rssMb > 20 && n.pssMb > 0, `${n.name}: RSS ${n.rssMb} MB, PSS ${n.pssMb} MB`)
    }
    assert.ok(r.cpuMsPerConfirmed > 0 && r.cpuMsPerConfirmedPerFollower !== null)
    // Its namespaces are gone, and with them every geth it started.
    const left = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    assert.doesNotMatch(left, new RegExp(`evswap-nt-${process.pid}-`))
    assert.equal(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(dir) && l.includes('geth')).length, 0)
  })
})
