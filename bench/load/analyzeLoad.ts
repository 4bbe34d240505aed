import type { ProcessSample } from '../lib/createProcessSampler.js'
import { ratio, type Summary, summarize } from '../lib/stats.js'
import type { BlockStat } from './createBlockWatcher.js'
import type { OpKind, OpRecord } from './loadModel.js'

export type ModeStats = {
  mode: 'relay' | 'direct'
  /** Mode start and end on the benchmark clock (ms); the window is [start + warmup, start + seconds]. */
  startMs: number
  endMs: number
  windowSeconds: number
  /** Confirmed operations whose confirmation fell in the window, per second of the window. */
  opsPerSecond: number
  confirmedInWindow: number
  confirmedTotal: number
  byKind: Record<OpKind, { confirmed: number; notConfirmed: number }>
  /** Confirmation latency (device view: signing to confirmed answer) of the operations started in the window. */
  latencyS: Summary
  dischargeLatencyS: Summary
  /** Part of the latency until the relay accepted the request (relay) or the node took the transaction (direct). */
  submitS: Summary
  /** From the operation's start until station 1's node showed the block holding it; then until the device knew. */
  untilBlockS: Summary
  afterBlockS: Summary
  /** Gas of the transactions that carried the operations, per operation. */
  gasPerOp: number
  transactions: number
  opsPerTransaction: number
  retries: number
  errors: Record<string, number>
  /** Confirmations per second over the mode. */
  timeline: { t: number; confirmed: number }[]
  /** Mean CPU over the window, percent of one core, by process group. */
  cpu: Record<string, number>
  /** Blocks sealed during the window: count, mean gas used, mean transactions. */
  blocks: { count: number; meanGasUsed: number; meanTxs: number; maxGasUsed: number }
}

/**
 * Per-mode throughput, latency, gas and CPU from the operation records, the batch receipts' gas, the
 * sampler (CPU per process group) and the blocks seen.
 */
export function analyzeMode(o: {
  mode: 'relay' | 'direct'
  records: readonly OpRecord[]
  startMs: number
  seconds: number
  warmupSeconds: number
  /** Gas used per transaction hash (batches in relay mode). */
  gasByTx: Map<string, number>
  samples: readonly ProcessSample[]
  blocks: readonly BlockStat[]
}): ModeStats {
  const recs = o.records.filter((r) => r.mode === o.mode)
  const from = o.startMs + o.warmupSeconds * 1000
  const to = o.startMs + o.seconds * 1000
  const windowSeconds = (to - from) / 1000
  const ok = recs.filter((r) => r.ok)
  const confirmedInWindow = ok.filter((r) => r.end >= from && r.end <= to).length
  const started = ok.filter((r) => r.start >= from && r.start <= to)
  const seen = new Map(o.blocks.map((b) => [b.number, b.seenAtMs]))
  const kinds: OpKind[] = ['discharge', 'requestSwap', 'approveSwap', 'charge']
  const byKind = Object.fromEntries(kinds.map((k) => [k, { confirmed: recs.filter((r) => r.kind === k && r.ok).length, notConfirmed: recs.filter((r) => r.kind === k && !r.ok).length }])) as ModeStats['byKind']
  const executed = recs.filter((r) => r.executed && r.txHash)
  const txs = new Set(executed.map((r) => r.txHash!))
  const gasTotal = [...txs].reduce((a, h) => a + (o.gasByTx.get(h) ?? 0), 0)
  const errors: Record<string, number> = {}
  for (const r of recs) if (!r.ok) errors[(r.error ?? 'unknown').split(':')[0]!] = (errors[(r.error ?? 'unknown').split(':')[0]!] ?? 0) + 1
  const endMs = Math.max(to, ...recs.map((r) => r.end))
  const timeline: ModeStats['timeline'] = []
  for (let t = 0; t * 1000 < endMs - o.startMs; t++) {
    const a = o.startMs + t * 1000
    timeline.push({ t, confirmed: ok.filter((r) => r.end >= a && r.end < a + 1000).length })
  }
  // CPU per group: (cpuSeconds at the window's end - at its start) / window length.
  const cpu: Record<string, number> = {}
  const groups = new Set(o.samples.map((s) => s.labels.group ?? s.key))
  for (const g of groups) {
    let seconds = 0
    for (const key of new Set(o.samples.filter((s) => (s.labels.group ?? s.key) === g).map((s) => s.key))) {
      const w = o.samples.filter((s) => s.key === key && s.t >= from && s.t <= to)
      if (w.length >= 2) seconds += w.at(-1)!.cpuSeconds - w[0]!.cpuSeconds
    }
    cpu[g] = Math.round((seconds / windowSeconds) * 1000) / 10
  }
  const inWindow = o.blocks.filter((b) => b.seenAtMs >= from && b.seenAtMs <= to)
  return {
    mode: o.mode,
    startMs: o.startMs,
    endMs,
    windowSeconds,
    opsPerSecond: Math.round((confirmedInWindow / windowSeconds) * 10) / 10,
    confirmedInWindow,
    confirmedTotal: ok.length,
    byKind,
    latencyS: summarize(started.map((r) => (r.end - r.start) / 1000)),
    dischargeLatencyS: summarize(started.filter((r) => r.kind === 'discharge').map((r) => (r.end - r.start) / 1000)),
    submitS: summarize(started.filter((r) => r.submitMs !== undefined).map((r) => r.submitMs! / 1000)),
    untilBlockS: summarize(started.filter((r) => seen.has(r.blockNumber ?? -1)).map((r) => (seen.get(r.blockNumber!)! - r.start) / 1000)),
    afterBlockS: summarize(started.filter((r) => seen.has(r.blockNumber ?? -1)).map((r) => (r.end - seen.get(r.blockNumber!)!) / 1000)),
    gasPerOp: executed.length ? Math.round(gasTotal / executed.length) : 0,
    transactions: txs.size,
    opsPerTransaction: txs.size ? Math.round((executed.length / txs.size) * 10) / 10 : 0,
    retries: recs.reduce((a, r) => a + r.retries, 0),
    errors,
    timeline,
    cpu,
    blocks: {
      count: inWindow.length,
      meanGasUsed: inWindow.length ? Math.round(inWindow.reduce((a, b) => a + b.gasUsed, 0) / inWindow.length) : 0,
      meanTxs: inWindow.length ? Math.round((inWindow.reduce((a, b) => a + b.txCount, 0) / inWindow.length) * 10) / 10 : 0,
      maxGasUsed: Math.max(0, ...inWindow.map((b) => b.gasUsed)),
    },
  }
}

export { ratio }
