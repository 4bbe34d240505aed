import type { ProcessSample } from '../lib/createProcessSampler.js'
import { ratio, type Summary, summarize } from '../lib/stats.js'
import { operationsPerRun } from './operationsPerRun.js'

/** What the driver recorded of one scenario run. Times in milliseconds; `t0`, `t1` and phase times on the sampler's clock. */
export type ScenarioRecord = {
  impl: '2nd' | '3rd'
  run: number
  t0: number
  t1: number
  phases: { name: string; t: number }[]
  initMs: number
  dischargeMs: number[]
  /** The thin client's discharges: until its station's relay told the outcome, before the device proved it. */
  dischargeIncludedMs?: number[]
  swapRequestMs: number
  approveMs: number
  checkMs: number
  chargeMs: number
}

/** Resource use of a process, or of the device's processes summed. */
export type Usage = {
  /** CPU time used over the run divided by the run's length, percent of one core. */
  cpuMeanPercent: number
  cpuSeconds: number
  cpuPeakPercent: number
  rssMeanMb: number
  rssMaxMb: number
  /** Private memory (USS: not shared with other processes, e.g. the node binary's pages), mean and max. */
  ussMeanMb: number
  ussMaxMb: number
  /** Bytes to and from the station (TCP payload, both directions). */
  networkBytes: number
  networkSentBytes: number
  networkReceivedBytes: number
  /** Bytes between the device's own processes over loopback (app <-> its node, driver <-> local API). */
  internalBytes: number
}

export type RunAnalysis = ScenarioRecord & { durationS: number; device: Usage; processes: Record<string, Usage>; dischargePhase: Usage }

export type ImplSummary = {
  runs: number
  cpuMeanPercent: Summary
  cpuSeconds: Summary
  rssMeanMb: Summary
  rssMaxMb: Summary
  ussMeanMb: Summary
  networkKb: Summary
  /** Network per run over the device's operations in it (see operationsPerRun): its reads are shared among them. */
  networkPerOperationKb: Summary
  /** Network during the discharge phase over its discharges (the 300 ms pauses between them included). */
  dischargeNetworkKb: Summary
  internalKb: Summary
  initS: Summary
  dischargeS: Summary
  /** Until the relay told the outcome (the thin client only; empty for the 2nd). */
  dischargeIncludedS: Summary
  /** The mean of each run's discharges, for the per-run spread. */
  dischargeRunMeanS: Summary
  swapRequestS: Summary
  processes: Record<string, { cpuMeanPercent: number; rssMeanMb: number; rssMaxMb: number; networkKb: number }>
}

export type Target = { name: string; target: string; value: string; pass: boolean }

export type FootprintPhase = { seconds: number; rssMeanMb: number; rssMaxMb: number; ussMeanMb: number; cpuMeanPercent: number; cpuSeconds: number; networkKb: number }

export type PaperAnalysis = {
  runs: RunAnalysis[]
  /** Starting the device's processes (once, before the runs): the 2nd implementation's node syncs from its station. */
  startup: Record<'2nd' | '3rd', { seconds: number; device: Usage; processes: Record<string, Usage> }>
  byImpl: { '2nd': ImplSummary; '3rd': ImplSummary }
  /** 2nd implementation over 3rd, from the means over runs. */
  ratios: {
    memoryMean: number
    memoryPeak: number
    memoryPrivate: number
    cpuMean: number
    cpuSeconds: number
    network: number
    networkPerOperation: number
    dischargeNetwork: number
    dischargeTimeP50: number
  }
  targets: Target[]
  footprint: {
    idle: FootprintPhase
    loop: FootprintPhase
    loopDischargeS: Summary
    /** The whole process's CPU in the loop per discharge: verification's share is at most this. */
    loopCpuMsPerDischarge: number
    loopNetworkKbPerDischarge: number
    agentRssMaxMbOverall: number
  }
  fig9Run: number
  /** Per implementation, the device's summed series of the run shown in Fig. 9 (seconds since the run began). */
  fig9: Record<'2nd' | '3rd', { t: number; cpu: number; rssMb: number; networkKb: number }[]>
  fig9Phases: Record<'2nd' | '3rd', { name: string; t: number }[]>
  headline: string
}

const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10
const r1 = (x: number) => Math.round(x * 10) / 10

type Tick = { t: number; cpu: number; rssKb: number; ussKb: number; net: number; internal: number }

/**
 * The device's processes summed tick by tick over [from, to] (they share a tick's timestamp), with byte
 * counts counted from `from` (the last sample before it is the base; a process started later counts from 0).
 */
function deviceSeries(samples: readonly ProcessSample[], from: number, to: number): Tick[] {
  const keys = [...new Set(samples.map((s) => s.key))]
  const base = new Map(keys.map((k) => [k, samples.filter((s) => s.key === k && s.t < from).at(-1)]))
  const byT = new Map<number, Tick>()
  for (const s of samples) {
    if (s.t < from || s.t > to) continue
    const b = base.get(s.key)
    const x = byT.get(s.t) ?? { t: s.t, cpu: 0, rssKb: 0, ussKb: 0, net: 0, internal: 0 }
    x.cpu += s.cpuPercent
    x.rssKb += s.rssKb
    x.ussKb += s.ussKb
    x.net += s.sentBytes + s.receivedBytes - (b ? b.sentBytes + b.receivedBytes : 0)
    x.internal += s.internalSentBytes + s.internalReceivedBytes - (b ? b.internalSentBytes + b.internalReceivedBytes : 0)
    byT.set(s.t, x)
  }
  return [...byT.values()].sort((a, b) => a.t - b.t)
}

/** Resource use of the given processes over [from, to]: CPU time and bytes as differences, memory as seen. */
function usageOf(samples: readonly ProcessSample[], from: number, to: number): Usage {
  const keys = [...new Set(samples.map((s) => s.key))]
  let cpuSeconds = 0
  let sent = 0
  let received = 0
  let internal = 0
  for (const k of keys) {
    const mine = samples.filter((s) => s.key === k)
    const last = mine.filter((s) => s.t <= to).at(-1)
    if (!last || last.t < from) continue
    const base = mine.filter((s) => s.t < from).at(-1)
    cpuSeconds += last.cpuSeconds - (base?.cpuSeconds ?? 0)
    sent += last.sentBytes - (base?.sentBytes ?? 0)
    received += last.receivedBytes - (base?.receivedBytes ?? 0)
    internal += last.internalSentBytes + last.internalReceivedBytes - (base ? base.internalSentBytes + base.internalReceivedBytes : 0)
  }
  const series = deviceSeries(samples, from, to)
  const durationS = Math.max((to - from) / 1000, 1e-9)
  return {
    cpuMeanPercent: r1((cpuSeconds / durationS) * 100),
    cpuSeconds: Math.round(cpuSeconds * 100) / 100,
    cpuPeakPercent: r1(Math.max(0, ...series.map((x) => x.cpu))),
    rssMeanMb: series.length ? mb(series.reduce((a, x) => a + x.rssKb, 0) / series.length) : 0,
    rssMaxMb: mb(Math.max(0, ...series.map((x) => x.rssKb))),
    ussMeanMb: series.length ? mb(series.reduce((a, x) => a + x.ussKb, 0) / series.length) : 0,
    ussMaxMb: mb(Math.max(0, ...series.map((x) => x.ussKb))),
    networkBytes: sent + received,
    networkSentBytes: sent,
    networkReceivedBytes: received,
    internalBytes: internal,
  }
}

/**
 * Turns the raw samples and the driver's timings into per-run usage of the device (processes summed and
 * apart), per-implementation statistics over runs, the 2nd/3rd ratios, the targets, and Fig. 9's series.
 */
export function analyzePaper(o: {
  records: readonly ScenarioRecord[]
  samples: readonly ProcessSample[]
  intervalMs: number
  blockPeriodS: number
  footprint: { t0: number; idleFrom: number; loopFrom: number; loopTo: number; loopMs: number[] }
  startup: Record<'2nd' | '3rd', { t0: number; t1: number; ms: number }>
  /** Clique signers of the network: the thin client accepts a block once floor(N/2)+1 of them built on it. */
  signers: number
  backgroundOpsPerSecond: number
}): PaperAnalysis {
  const ofImpl = (impl: string) => o.samples.filter((s) => s.labels.impl === impl)
  const byProcess = (mine: readonly ProcessSample[], from: number, to: number) => {
    const processes: Record<string, Usage> = {}
    for (const k of [...new Set(mine.map((s) => s.key))]) processes[k] = usageOf(mine.filter((s) => s.key === k), from, to)
    return processes
  }
  const runs: RunAnalysis[] = o.records.map((rec) => {
    const mine = ofImpl(rec.impl)
    const at = (name: string) => rec.t0 + (rec.phases.find((p) => p.name === name)?.t ?? 0)
    return {
      ...rec,
      durationS: r1((rec.t1 - rec.t0) / 1000),
      device: usageOf(mine, rec.t0, rec.t1),
      processes: byProcess(mine, rec.t0, rec.t1),
      dischargePhase: usageOf(mine, at('discharge'), at('swap')),
    }
  })
  const startup = Object.fromEntries(
    (['2nd', '3rd'] as const).map((impl) => {
      const { t0, t1, ms } = o.startup[impl]
      return [impl, { seconds: r1(ms / 1000), device: usageOf(ofImpl(impl), t0, t1), processes: byProcess(ofImpl(impl), t0, t1) }]
    }),
  ) as PaperAnalysis['startup']
  const summaryOf = (impl: '2nd' | '3rd'): ImplSummary => {
    const rs = runs.filter((r) => r.impl === impl)
    const keys = [...new Set(rs.flatMap((r) => Object.keys(r.processes)))]
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0)
    return {
      runs: rs.length,
      cpuMeanPercent: summarize(rs.map((r) => r.device.cpuMeanPercent)),
      cpuSeconds: summarize(rs.map((r) => r.device.cpuSeconds)),
      rssMeanMb: summarize(rs.map((r) => r.device.rssMeanMb)),
      rssMaxMb: summarize(rs.map((r) => r.device.rssMaxMb)),
      ussMeanMb: summarize(rs.map((r) => r.device.ussMeanMb)),
      networkKb: summarize(rs.map((r) => r.device.networkBytes / 1024)),
      networkPerOperationKb: summarize(rs.map((r) => r.device.networkBytes / 1024 / operationsPerRun(r.dischargeMs.length))),
      dischargeNetworkKb: summarize(rs.map((r) => r.dischargePhase.networkBytes / 1024 / Math.max(1, r.dischargeMs.length))),
      internalKb: summarize(rs.map((r) => r.device.internalBytes / 1024)),
      initS: summarize(rs.map((r) => r.initMs / 1000)),
      dischargeS: summarize(rs.flatMap((r) => r.dischargeMs.map((x) => x / 1000))),
      dischargeIncludedS: summarize(rs.flatMap((r) => (r.dischargeIncludedMs ?? []).map((x) => x / 1000))),
      dischargeRunMeanS: summarize(rs.map((r) => mean(r.dischargeMs) / 1000)),
      swapRequestS: summarize(rs.map((r) => r.swapRequestMs / 1000)),
      processes: Object.fromEntries(
        keys.map((k) => {
          const us = rs.map((r) => r.processes[k]).filter((u): u is Usage => u !== undefined)
          return [
            k,
            {
              cpuMeanPercent: r1(mean(us.map((u) => u.cpuMeanPercent))),
              rssMeanMb: r1(mean(us.map((u) => u.rssMeanMb))),
              rssMaxMb: r1(Math.max(0, ...us.map((u) => u.rssMaxMb))),
              networkKb: r1(mean(us.map((u) => u.networkBytes / 1024))),
            },
          ]
        }),
      ),
    }
  }
  const byImpl = { '2nd': summaryOf('2nd'), '3rd': summaryOf('3rd') }
  const [a, b] = [byImpl['2nd'], byImpl['3rd']]
  const ratios = {
    memoryMean: ratio(a.rssMeanMb.mean, b.rssMeanMb.mean),
    memoryPeak: ratio(a.rssMaxMb.mean, b.rssMaxMb.mean),
    memoryPrivate: ratio(a.ussMeanMb.mean, b.ussMeanMb.mean),
    cpuMean: ratio(a.cpuMeanPercent.mean, b.cpuMeanPercent.mean),
    cpuSeconds: ratio(a.cpuSeconds.mean, b.cpuSeconds.mean),
    network: ratio(a.networkKb.mean, b.networkKb.mean),
    networkPerOperation: ratio(a.networkPerOperationKb.mean, b.networkPerOperationKb.mean),
    dischargeNetwork: ratio(a.dischargeNetworkKb.mean, b.dischargeNetworkKb.mean),
    dischargeTimeP50: ratio(a.dischargeS.p50, b.dischargeS.p50),
  }

  // The thin client's footprint: idle, then a discharge loop.
  const fp = o.samples.filter((s) => s.labels.run === 'footprint' && s.key === '3rd/agent')
  const window = (from: number, to: number): FootprintPhase => {
    const w = fp.filter((s) => s.t >= from && s.t <= to)
    const first = w[0]
    const last = w.at(-1)
    const seconds = first && last ? (last.t - first.t) / 1000 : 0
    return {
      seconds: r1(seconds),
      rssMeanMb: w.length ? mb(w.reduce((x, s) => x + s.rssKb, 0) / w.length) : 0,
      rssMaxMb: mb(Math.max(0, ...w.map((s) => s.rssKb))),
      ussMeanMb: w.length ? mb(w.reduce((x, s) => x + s.ussKb, 0) / w.length) : 0,
      cpuMeanPercent: first && last && seconds > 0 ? r1(((last.cpuSeconds - first.cpuSeconds) / seconds) * 100) : 0,
      cpuSeconds: first && last ? Math.round((last.cpuSeconds - first.cpuSeconds) * 1000) / 1000 : 0,
      networkKb: first && last ? r1((last.sentBytes + last.receivedBytes - first.sentBytes - first.receivedBytes) / 1024) : 0,
    }
  }
  const agentRssMaxMbOverall = mb(Math.max(0, ...o.samples.filter((s) => s.key === '3rd/agent').map((s) => s.rssKb)))
  const loop = window(o.footprint.loopFrom, o.footprint.loopTo)
  const loopCount = Math.max(1, o.footprint.loopMs.length)
  const footprint = {
    idle: window(o.footprint.idleFrom, o.footprint.loopFrom),
    loop,
    loopDischargeS: summarize(o.footprint.loopMs.map((x) => x / 1000)),
    loopCpuMsPerDischarge: r1((loop.cpuSeconds * 1000) / loopCount),
    loopNetworkKbPerDischarge: Math.round((loop.networkKb / loopCount) * 100) / 100,
    agentRssMaxMbOverall,
  }

  const period = o.blockPeriodS
  // Issue 15: a verified discharge waits for its block and for floor(N/2)+1 signers to build on it.
  const verifiedBudgetS = (Math.floor(o.signers / 2) + 1) * period + 0.5
  const busy = o.backgroundOpsPerSecond > 0 ? `at ${o.backgroundOpsPerSecond} ops/s of background` : 'on a quiet network (issue 15 asks it at 75 ops/s of background)'
  const targets: Target[] = [
    { name: 'thin client (3rd) resident memory, max over all runs and the footprint loop', target: '<= 64 MB', value: `${agentRssMaxMbOverall} MB`, pass: agentRssMaxMbOverall <= 64 },
    { name: 'memory, 2nd over 3rd (mean RSS of the device processes)', target: '>= 10x', value: `${ratios.memoryMean}x`, pass: ratios.memoryMean >= 10 },
    { name: 'network, 2nd over 3rd (bytes to/from the station per run)', target: '>= 50x', value: `${ratios.network}x`, pass: ratios.network >= 50 },
    { name: 'EV discharge end to end p50 (3rd)', target: `<= ${period + 0.3} s (one block period + 0.3 s)`, value: `${b.dischargeS.p50} s (n=${b.dischargeS.n})`, pass: b.dischargeS.p50 <= period + 0.3 },
    { name: 'EV discharge end to end p99 (3rd)', target: `<= ${3 * period} s (three block periods)`, value: `${b.dischargeS.p99} s (n=${b.dischargeS.n})`, pass: b.dischargeS.p99 <= 3 * period },
    {
      name: `bytes per operation, 2nd over 3rd, ${busy} (issue 15)`,
      target: '>= 10x',
      value: `${ratios.networkPerOperation}x (${r1(a.networkPerOperationKb.mean)} KB vs ${Math.round(b.networkPerOperationKb.mean * 100) / 100} KB)`,
      pass: ratios.networkPerOperation >= 10,
    },
    {
      name: 'thin client (3rd) bytes on the link per verified discharge, mean over runs (issue 15)',
      target: '<= 12 KB',
      value: `${Math.round(b.dischargeNetworkKb.mean * 100) / 100} KB (max ${Math.round(b.dischargeNetworkKb.max * 100) / 100})`,
      pass: b.dischargeNetworkKb.mean <= 12,
    },
    {
      name: `EV discharge until verified p50 (3rd), ${o.signers} signers (issue 15)`,
      target: `<= ${verifiedBudgetS} s (floor(N/2)+1 block periods + 0.5 s)`,
      value: `${b.dischargeS.p50} s (until included ${b.dischargeIncludedS.p50} s)`,
      pass: b.dischargeS.p50 <= verifiedBudgetS,
    },
  ]

  const fig9Run = Math.max(...runs.map((r) => r.run))
  const fig9 = { '2nd': [], '3rd': [] } as PaperAnalysis['fig9']
  const fig9Phases = { '2nd': [], '3rd': [] } as PaperAnalysis['fig9Phases']
  const shown = runs.filter((r) => r.run === fig9Run)
  const from = Math.min(...shown.map((r) => r.t0))
  const to = Math.max(...shown.map((r) => r.t1))
  for (const rec of shown) {
    fig9[rec.impl] = deviceSeries(ofImpl(rec.impl), from, to).map((x) => ({ t: (x.t - from) / 1000, cpu: r1(x.cpu), rssMb: mb(x.rssKb), networkKb: r1(x.net / 1024) }))
    fig9Phases[rec.impl] = rec.phases.map((p) => ({ name: p.name, t: (rec.t0 - from + p.t) / 1000 }))
  }
  const headline =
    `2nd over 3rd: memory ${ratios.memoryMean}x (peak ${ratios.memoryPeak}x), CPU ${ratios.cpuMean}x (CPU seconds ${ratios.cpuSeconds}x), network ${ratios.network}x; ` +
    `EV discharge p50 ${a.dischargeS.p50} s (2nd) vs ${b.dischargeS.p50} s (3rd), p99 ${a.dischargeS.p99} s vs ${b.dischargeS.p99} s; ` +
    `thin client max RSS ${agentRssMaxMbOverall} MB (idle ${footprint.idle.rssMeanMb} MB, discharge loop ${footprint.loop.rssMeanMb} MB)`
  return { runs, startup, byImpl, ratios, targets, footprint, fig9Run, fig9, fig9Phases, headline }
}
