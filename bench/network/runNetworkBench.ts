import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { resolveGethBinary } from '../../src/network/resolveGethBinary.js'
import { findPackageRoot } from '../../src/rich/node/findPackageRoot.js'
import { onCleanup, runCleanup } from '../lib/cleanup.js'
import { loadAverage, machineInfo } from '../lib/machineInfo.js'
import { type NetworkSizeResult, measureNetworkSize } from './measureNetworkSize.js'
import { writeNetworkOutputs } from './writeNetworkOutputs.js'

export type NetworkBenchOptions = {
  /** The largest network; smaller ones (2, 4, 8, …) run first. */
  nodes: number
  /** Signers of each network (fewer when the network is smaller). */
  signers: number
  /** Seconds of paced load per size. */
  seconds: number
  /** Transfers per second sent to station 1. */
  ratePerSecond: number
  outDir: string
  keep: boolean
  command: string
}

/** The sizes measured: 2, 4, 8, 16, … up to `nodes`, and `nodes` itself. */
export function networkSizes(nodes: number): number[] {
  const sizes: number[] = []
  for (let n = 2; n < nodes; n *= 2) sizes.push(n)
  sizes.push(nodes)
  return sizes
}

/**
 * `evswap bench network`: for each size, a network of signers and followers in namespaces of their own
 * under the same paced load (see `measureNetworkSize`); prints each size's figures as it ends and writes
 * bench/results/network/network.json and network.md. Returns the exit code.
 *
 * @example
 * process.exitCode = await runNetworkBench({ nodes: 16, signers: 5, seconds: 60, ratePerSecond: 20, outDir: 'bench/results/network', keep: false, command: '…' })
 */
export async function runNetworkBench(o: NetworkBenchOptions): Promise<number> {
  const root = findPackageRoot()
  const work = mkdtempSync(join(tmpdir(), 'evswap-bench-network-'))
  if (!o.keep) onCleanup('work folder', () => rmSync(work, { recursive: true, force: true }))
  const log = (line: string) => process.stdout.write(`${line}\n`)
  const startedAt = new Date().toISOString()
  const machine = machineInfo(root, resolveGethBinary())
  log(`evswap bench network: up to ${o.nodes} nodes, ${o.signers} signers, ${o.ratePerSecond} transfers/s for ${o.seconds} s per size; load average ${machine.loadAverage ?? '?'}; work folder ${work}`)
  const results: (NetworkSizeResult & { loadAverage?: string })[] = []
  try {
    for (const nodes of networkSizes(o.nodes)) {
      const signers = Math.min(o.signers, nodes)
      log(`\n${nodes} nodes (${signers} signers, ${nodes - signers} followers):`)
      const before = loadAverage()
      const r = await measureNetworkSize({ nodes, signers, seconds: o.seconds, idleSeconds: Math.min(15, Math.ceil(o.seconds / 4)), ratePerSecond: o.ratePerSecond, dir: join(work, `n${nodes}`), log })
      results.push({ ...r, ...(before ? { loadAverage: before } : {}) })
      const p = r.propagationMs.all
      log(`  load: ${r.load.confirmed} of ${r.load.sent} transfers confirmed (${r.load.refused} refused) in ${(r.load.elapsedMs / 1000).toFixed(1)} s`)
      log(`  propagation (first node's import to each other node's), ${r.blocks} blocks: p50 ${Math.round(p.p50)} ms, p99 ${Math.round(p.p99)} ms, max ${Math.round(p.max)} ms` +
        (r.propagationMs.toFollowers ? `; to followers p50 ${Math.round(r.propagationMs.toFollowers.p50)} ms, p99 ${Math.round(r.propagationMs.toFollowers.p99)} ms` : ''))
      log(`  ${r.orphanedHeads} heads seen by some nodes only (short forks)`)
      log(`  head agreement: ${(r.agreement.sameHeadFraction * 100).toFixed(1)}% of ${r.agreement.samples} samples all on one head, ${(r.agreement.withinOneBlockFraction * 100).toFixed(1)}% within one block, max lag ${r.agreement.maxLagBlocks} blocks`)
      log(`  CPU: ${r.cpuSecondsAll} s in all nodes, ${r.cpuMsPerConfirmed} ms per confirmed transfer, ${r.marginalCpuMsPerConfirmed} ms above idle (a signer ${r.cpuMsPerConfirmedPerSigner} ms, a follower ${r.cpuMsPerConfirmedPerFollower ?? '-'} ms)`)
      for (const n of r.perNode) log(`    ${n.name.padEnd(11)} ${n.role.padEnd(8)}  CPU ${n.cpuSecondsPerMinute.toFixed(2)} s/min (idle ${n.idleCpuSecondsPerMinute.toFixed(2)}) RSS ${n.rssMb} MB (max ${n.maxRssMb})  PSS ${n.pssMb} MB`)
    }
    const files = writeNetworkOutputs({ outDir: o.outDir, command: o.command, startedAt, machine, params: { nodes: o.nodes, signers: o.signers, seconds: o.seconds, ratePerSecond: o.ratePerSecond }, results })
    log(`\nwrote ${files.join(', ')}`)
    return 0
  } catch (error) {
    process.stderr.write(`evswap bench network: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  } finally {
    await runCleanup()
  }
}
