import { readDeployerKey, nodePaths } from '../../src/network/index.js'
import { clockTicksPerSecond, readProcStat } from '../lib/procStat.js'
import { type Summary, summarize } from '../lib/stats.js'
import { type PacedLoad, sendPacedTransfers } from './sendPacedTransfers.js'
import { startNetnsNetwork } from './startNetnsNetwork.js'
import { watchHeads } from './watchHeads.js'

/** One node's cost over the loaded window. */
export type NodeCost = {
  name: string
  role: 'signer' | 'follower'
  /** CPU seconds (user + system, all threads) per minute of wall time, under the load and idle before it. */
  cpuSecondsPerMinute: number
  idleCpuSecondsPerMinute: number
  /** At the end of the window, and the highest seen (MB). */
  rssMb: number
  maxRssMb: number
  pssMb: number
}

/** What one network size measured. */
export type NetworkSizeResult = {
  nodes: number
  signers: number
  followers: number
  /** Seconds from the first `ip netns add` to every follower synced. */
  startSeconds: number
  load: PacedLoad & { ratePerSecond: number }
  /** All nodes' CPU seconds over the window, and per confirmed transfer (ms). */
  cpuSecondsAll: number
  cpuMsPerConfirmed: number
  /** The same less what the nodes burn idle (sealing empty blocks, p2p) over as long: what the transfers cost. */
  marginalCpuMsPerConfirmed: number
  /** The same per node, signers and followers apart (mean of the nodes of each role). */
  cpuMsPerConfirmedPerSigner: number
  cpuMsPerConfirmedPerFollower: number | null
  perNode: NodeCost[]
  /** Blocks first seen in the window and imported by every node. */
  blocks: number
  /** Heads seen in the window by some nodes only (forks that lost). */
  orphanedHeads: number
  /** ms from the first node's import of a block to each other node's import, over all (block, node). */
  propagationMs: { all: Summary; toSigners: Summary; toFollowers: Summary | null }
  /** Every 250 ms: did all nodes have the same head hash, and how many blocks behind was the last one. */
  agreement: { samples: number; sameHeadFraction: number; withinOneBlockFraction: number; maxLagBlocks: number }
}

const mb = (kb: number) => Math.round(kb / 102.4) / 10

/**
 * Runs one size: a network of `nodes` (the first `signers` seal, the rest joined and only import), each geth
 * in its namespace; then `idleSeconds` of idle and `seconds` of paced transfers to station 1 while every node's new heads are watched
 * over IPC, heads compared every 250 ms and each geth's /proc read; then stops it all.
 *
 * @example
 * const r = await measureNetworkSize({ nodes: 8, signers: 5, seconds: 60, idleSeconds: 15, ratePerSecond: 20, dir: '/tmp/bn/8' })
 */
export async function measureNetworkSize(o: {
  nodes: number
  signers: number
  seconds: number
  /** Seconds of idle measured before the load. */
  idleSeconds: number
  ratePerSecond: number
  dir: string
  log: (line: string) => void
}): Promise<NetworkSizeResult> {
  const started = performance.now()
  const net = await startNetnsNetwork({ nodes: o.nodes, signers: o.signers, dir: o.dir, log: o.log })
  const startSeconds = Math.round((performance.now() - started) / 100) / 10
  try {
    const key = await readDeployerKey(net.network)
    const pids = net.pids()
    const watch = watchHeads(net.all.map((s) => nodePaths(s.datadir).ipc))
    const maxRss = pids.map(() => 0)
    const agreement = { samples: 0, same: 0, withinOne: 0, maxLag: 0 }
    const sampler = setInterval(() => {
      const heads = net.all.map((_, i) => watch.latest(i))
      if (heads.every((h) => h !== undefined)) {
        const numbers = heads.map((h) => h!.number)
        const lag = Math.max(...numbers) - Math.min(...numbers)
        agreement.samples++
        if (new Set(heads.map((h) => h!.hash)).size === 1) agreement.same++
        if (lag <= 1) agreement.withinOne++
        agreement.maxLag = Math.max(agreement.maxLag, lag)
      }
      pids.forEach((pid, i) => {
        const s = readProcStat(pid)
        if (s) maxRss[i] = Math.max(maxRss[i]!, s.rssKb)
      })
    }, 250)
    // Idle first: what the network costs with nothing to carry.
    const idle0 = pids.map((pid) => readProcStat(pid)?.cpuTicks ?? 0)
    const ti = performance.now()
    await new Promise((r) => setTimeout(r, o.idleSeconds * 1000))
    const cpu0 = pids.map((pid) => readProcStat(pid)?.cpuTicks ?? 0)
    const t0 = performance.now()
    const idleMinutes = (t0 - ti) / 60_000
    const load = await sendPacedTransfers({ node: net.signers[0]!, key, chainId: net.network.chainId, ratePerSecond: o.ratePerSecond, seconds: o.seconds })
    const t1 = performance.now()
    const end = pids.map((pid) => readProcStat(pid))
    clearInterval(sampler)
    // Let the last blocks of the window reach every node before the heads are read.
    await new Promise((r) => setTimeout(r, 3000))
    watch.stop()

    const hz = clockTicksPerSecond()
    const minutes = (t1 - t0) / 60_000
    const perNode: NodeCost[] = net.all.map((s, i) => {
      const cpuSeconds = ((end[i]?.cpuTicks ?? 0) - cpu0[i]!) / hz
      return {
        name: s.name,
        role: i < o.signers ? 'signer' : 'follower',
        cpuSecondsPerMinute: Math.round((cpuSeconds / minutes) * 100) / 100,
        idleCpuSecondsPerMinute: Math.round(((cpu0[i]! - idle0[i]!) / hz / idleMinutes) * 100) / 100,
        rssMb: mb(end[i]?.rssKb ?? 0),
        maxRssMb: mb(maxRss[i]!),
        pssMb: mb(end[i]?.pssKb ?? 0),
      }
    })
    const cpuOf = (i: number) => ((end[i]?.cpuTicks ?? 0) - cpu0[i]!) / hz
    const cpuSecondsAll = net.all.reduce((a, _, i) => a + cpuOf(i), 0)
    const confirmed = Math.max(1, load.confirmed)
    const meanCpu = (from: number, to: number) => {
      const xs = net.all.slice(from, to).map((_, k) => cpuOf(from + k))
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN
    }
    const idleSecondsAll = net.all.reduce((a, _, i) => a + (cpu0[i]! - idle0[i]!) / hz, 0) * (minutes / idleMinutes)
    const perOp = (s: number) => Math.round((s / confirmed) * 1000 * 100) / 100
    const followerCpu = meanCpu(o.signers, o.nodes)

    // Propagation: per block hash first seen in the window, each node's import after the first one's.
    const byHash = new Map<string, { first: number; nodes: Map<number, number> }>()
    for (const h of watch.seen) {
      let b = byHash.get(h.hash)
      if (!b) byHash.set(h.hash, (b = { first: h.at, nodes: new Map() }))
      if (!b.nodes.has(h.node)) b.nodes.set(h.node, h.at)
      b.first = Math.min(b.first, h.at)
    }
    const toSigners: number[] = []
    const toFollowers: number[] = []
      let blocks = 0
    let orphanedHeads = 0
    for (const b of byHash.values()) {
      if (b.first < t0 || b.first > t1) continue
      if (b.nodes.size < o.nodes) {
        orphanedHeads++
        continue
      }
      blocks++
      for (const [node, at] of b.nodes) {
        if (at === b.first) continue
        ;(node < o.signers ? toSigners : toFollowers).push(at - b.first)
      }
    }
    return {
      nodes: o.nodes,
      signers: o.signers,
      followers: o.nodes - o.signers,
      startSeconds,
      load: { ...load, ratePerSecond: o.ratePerSecond },
      cpuSecondsAll: Math.round(cpuSecondsAll * 100) / 100,
      cpuMsPerConfirmed: perOp(cpuSecondsAll),
      marginalCpuMsPerConfirmed: perOp(cpuSecondsAll - idleSecondsAll),
      cpuMsPerConfirmedPerSigner: perOp(meanCpu(0, o.signers)),
      cpuMsPerConfirmedPerFollower: Number.isNaN(followerCpu) ? null : perOp(followerCpu),
      perNode,
      blocks,
      orphanedHeads,
      propagationMs: {
        all: summarize([...toSigners, ...toFollowers]),
        toSigners: summarize(toSigners),
        toFollowers: toFollowers.length ? summarize(toFollowers) : null,
      },
      agreement: {
        samples: agreement.samples,
        sameHeadFraction: agreement.samples ? Math.round((agreement.same / agreement.samples) * 1000) / 1000 : 0,
        withinOneBlockFraction: agreement.samples ? Math.round((agreement.withinOne / agreement.samples) * 1000) / 1000 : 0,
        maxLagBlocks: agreement.maxLag,
      },
    }
  } finally {
    await net.stop()
  }
}
