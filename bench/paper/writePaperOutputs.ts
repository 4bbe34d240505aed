import { join } from 'node:path'
import type { ProcessSample } from '../lib/createProcessSampler.js'
import type { MachineInfo } from '../lib/machineInfo.js'
import { mdTable, toJson, writeText } from '../lib/writeText.js'
import { barChart, row } from '../plot/barChart.js'
import { lineChart, svgDocument } from '../plot/lineChart.js'
import type { PaperAnalysis, ScenarioRecord } from './analyzePaper.js'
import { operationsPerRun } from './operationsPerRun.js'

const COLORS = { '2nd': '#d62728', '3rd': '#1f77b4' } as const
const NAMES = { '2nd': '2nd impl. (geth node + app)', '3rd': '3rd impl. (thin client)' } as const

/**
 * Writes the paper experiment's results: `paper.json` (everything), `paper-samples.csv` (every /proc
 * sample), `paper-ops.csv` (every timed operation), `paper-fig9.svg`, `paper-fig10.svg` and `paper.md`.
 */
export function writePaperOutputs(o: {
  outDir: string
  command: string
  startedAt: string
  machine: MachineInfo
  params: Record<string, number | string>
  analysis: PaperAnalysis
  samples: readonly ProcessSample[]
  records: readonly ScenarioRecord[]
}): string[] {
  const { analysis: a } = o
  const files: string[] = []
  const out = (name: string, text: string) => files.push(writeText(join(o.outDir, name), text))

  out(
    'paper.json',
    toJson({
      benchmark: 'paper',
      command: o.command,
      startedAt: o.startedAt,
      finishedAt: new Date().toISOString(),
      machine: o.machine,
      params: o.params,
      ratios: a.ratios,
      targets: a.targets,
      byImpl: a.byImpl,
      footprint: a.footprint,
      runs: a.runs,
      fig9Run: a.fig9Run,
    }),
  )

  const csv = ['t_ms,impl,run,phase,process,pid,cpu_percent,cpu_seconds,rss_kb,uss_kb,sent_bytes,received_bytes,internal_sent_bytes,internal_received_bytes']
  for (const s of o.samples) {
    csv.push([s.t, s.labels.impl, s.labels.run, s.labels.phase ?? '', s.labels.process ?? s.key, s.pid, s.cpuPercent, s.cpuSeconds.toFixed(2), s.rssKb, s.ussKb, s.sentBytes, s.receivedBytes, s.internalSentBytes, s.internalReceivedBytes].join(','))
  }
  out('paper-samples.csv', `${csv.join('\n')}\n`)
  const ops = ['impl,run,operation,ms']
  for (const r of o.records) {
    ops.push(`${r.impl},${r.run},init,${Math.round(r.initMs)}`)
    r.dischargeMs.forEach((ms) => ops.push(`${r.impl},${r.run},discharge,${Math.round(ms)}`))
    r.dischargeIncludedMs?.forEach((ms) => ops.push(`${r.impl},${r.run},discharge_included,${Math.round(ms)}`))
    ops.push(`${r.impl},${r.run},swap_request,${Math.round(r.swapRequestMs)}`)
    ops.push(`${r.impl},${r.run},station_approve,${Math.round(r.approveMs)}`)
    ops.push(`${r.impl},${r.run},alerts_clear_after_usb_exchange,${Math.round(r.checkMs)}`)
    ops.push(`${r.impl},${r.run},station_charge,${Math.round(r.chargeMs)}`)
  }
  out('paper-ops.csv', `${ops.join('\n')}\n`)

  // Fig. 9: one run's usage over time, both implementations from the start of their run.
  const impls = ['2nd', '3rd'] as const
  const markers = impls.flatMap((i) => a.fig9Phases[i].filter((p) => p.name !== 'init').map((p) => ({ x: p.t, label: p.name, color: COLORS[i] })))
  const series = (pick: (x: PaperAnalysis['fig9']['2nd'][number]) => number) =>
    impls.map((i) => ({ name: NAMES[i], color: COLORS[i], points: a.fig9[i].map((x) => [x.t, pick(x)] as const) }))
  out(
    'paper-fig9.svg',
    svgDocument(
      [
        lineChart({ title: 'CPU of the device (percent of one core)', xLabel: 'seconds since the run began', yLabel: 'CPU %', series: series((x) => x.cpu), markers }),
        lineChart({ title: 'Resident memory of the device', xLabel: 'seconds since the run began', yLabel: 'MB', series: series((x) => x.rssMb) }),
        lineChart({ title: 'Network: bytes to and from the station, cumulative', xLabel: 'seconds since the run began', yLabel: 'KB', series: series((x) => x.networkKb) }),
      ],
      `Fig. 9 reproduced: device usage during run ${a.fig9Run} of the scenario (init, discharge, swap, charge)`,
      `2nd = geth (non-mining, full sync) + app, summed; 3rd = the thin client process. Sampled every ${o.params.intervalMs} ms from /proc and ss. ${o.machine.cpuModel}, ${o.machine.cores} cores.`,
    ),
  )

  // Fig. 10: statistics over the runs, bars = mean, whiskers = min..max over runs.
  const bars = (title: string, yLabel: string, pick: (i: (typeof impls)[number]) => { mean: number; min: number; max: number }, digits = 1) =>
    barChart({
      title,
      yLabel,
      bars: impls.map((i) => {
        const s = pick(i)
        return { name: i === '2nd' ? '2nd impl.' : '3rd impl.', color: COLORS[i], value: s.mean, low: s.min, high: s.max, label: s.mean.toFixed(digits) }
      }),
    })
  out(
    'paper-fig10.svg',
    svgDocument(
      [
        row([
          bars('CPU, mean over a run', '% of one core', (i) => a.byImpl[i].cpuMeanPercent),
          bars('Resident memory, mean', 'MB', (i) => a.byImpl[i].rssMeanMb),
          bars('Network per run', 'KB to/from station', (i) => a.byImpl[i].networkKb, 0),
          bars('EV discharge time', 's, end to end', (i) => a.byImpl[i].dischargeRunMeanS, 2),
        ]),
      ],
      `Fig. 10 reproduced: ${o.params.runs} runs of the scenario per implementation`,
      'Bars: mean over runs; whiskers: min..max over runs (discharge: per-run means).',
    ),
  )

  const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : String(x))
  const implRow = (i: (typeof impls)[number]) => {
    const s = a.byImpl[i]
    return [
      NAMES[i],
      f(s.cpuMeanPercent.mean),
      f(s.cpuSeconds.mean, 2),
      f(s.rssMeanMb.mean),
      f(s.rssMaxMb.max),
      f(s.ussMeanMb.mean),
      f(s.networkKb.mean, 1),
      f(s.networkPerOperationKb.mean, 2),
      f(s.dischargeNetworkKb.mean, 2),
      f(s.internalKb.mean, 1),
      f(s.initS.mean, 2),
      `${f(s.dischargeS.p50, 3)} / ${f(s.dischargeS.p95, 3)} / ${f(s.dischargeS.p99, 3)} (n=${s.dischargeS.n})`,
    ]
  }
  const md = `# The paper's experiment, reproduced (Fig. 9, Fig. 10)

Produced by \`${o.command}\` on ${o.startedAt} (commit \`${o.machine.commit.slice(0, 12)}\`${o.machine.dirty ? ', with uncommitted changes' : ''}).
Machine: ${o.machine.cpuModel}, ${o.machine.cores} cores, ${o.machine.memoryMb} MB; Linux ${o.machine.kernel}; Node ${o.machine.node}; geth ${o.machine.geth ?? '?'}.
Parameters: ${Object.entries(o.params).map(([k, v]) => `${k}=${v}`).join(', ')}.${o.params.deviceNodeOptions ? ` The devices' Node processes ran with NODE_OPTIONS="${o.params.deviceNodeOptions}".` : ''}

The typical scenario of the paper (section 3.4): **initialization** (a new battery's USB disk appears in the EV's
slot; the device reads it and registers it on chain), **EV discharging** (${o.params.discharges} discharges), **battery swapping**
(the EV asks, station 1's operator approves, the USB disks are exchanged and the EV's alerts clear), **station
charging** (the station charges the battery it received), then 1 s idle. ${o.params.runs} runs. Two EVs side by side, one
per implementation, run each scenario at the same time on a ${o.params.stations}-station geth Clique network
(${o.params.blockPeriodS} s blocks); their processes start once before the runs (a car's computer stays on) and
each run's usage is measured over that run's window. ${
    o.params.backgroundOpsPerSecond
      ? `**Busy network:** while the scenarios ran, other simulated EVs discharged through station 2's relay at ${o.params.backgroundOpsPerSecond} operations a second (achieved ${o.params.backgroundAchievedOpsPerSecond ?? '?'}); their blocks reach the 2nd implementation's node and their events the thin client's station stream. The footprint run below is on the idle network again.`
      : 'No other traffic on the network, as in the paper.'
  }

- **3rd implementation** (the paper's choice, ours): the device runs only the thin client, \`node dist/cli/main.js device\`,
  which signs EIP-712 requests that station 1's relay pays for, and with a Clique signer set pinned proves what
  its stations tell it (headers a majority of the signers built on, eth_getProof state proofs; whether it did is
  the parameter thinClientVerification). The benchmark drives it through its local API.
- **2nd implementation**: the device runs a non-mining geth (\`--syncmode full\`, the network's genesis, station 1's
  node as its only static peer, geth's default cache) plus an app (bench/paper/app2.ts) holding the device's key,
  funded with Ether, sending its own transactions to its local node and reading state from it. Both processes are
  measured and summed.

Measured per process every ${o.params.intervalMs} ms: CPU from utime+stime in /proc/<pid>/stat, resident memory
(VmRSS; "private" is the unique set size from smaps_rollup, without the pages shared with other processes such as
the node binary's), and TCP payload bytes (tcp_info \`bytes_sent\`/\`bytes_received\` of each socket \`ss -tinp\` shows for the pid).
"Network" counts only sockets to the station (the device's link); sockets between the device's own processes (the app
and its geth over JSON-RPC, the driver and the local API) are "internal". Everything runs on one machine, so the
station link is loopback too.

## Start-up (once, before the runs)

${mdTable(
  ['implementation', 'ready after s', 'CPU s', 'RSS MB (max)', 'network KB'],
  impls.map((i) => [NAMES[i], f(a.startup[i].seconds), f(a.startup[i].device.cpuSeconds, 2), f(a.startup[i].device.rssMaxMb), f(a.startup[i].device.networkBytes / 1024)]),
)}

The 2nd implementation is ready when its node has synced the chain from its station (geth starts its first sync
with a single peer only after its 10 s forced-sync timer) and its app answers; the 3rd when the thin client's local
API answers.

## Results (means over runs)

${mdTable(['implementation', 'CPU % (mean)', 'CPU s / run', 'RSS MB (mean)', 'RSS MB (max)', 'private MB (mean)', 'network KB / run', 'KB / operation', 'KB / discharge', 'internal KB / run', 'init s', 'EV discharge s p50 / p95 / p99'], impls.map(implRow))}

"KB / operation": the network of a run over the device's ${operationsPerRun(Number(o.params.discharges))} operations in it (its registration, ${o.params.discharges} discharges,
its swap request; its reads are shared among them). "KB / discharge": the network of the discharge phase over its
discharges (the 300 ms pauses between them included; for the 2nd, the blocks its node imports meanwhile). The thin
client's discharges are verified: it answers once it has proven the outcome against floor(N/2)+1 signers' headers
(${o.params.stations} signers here); until its station's relay told the outcome ("included") they took p50 ${f(a.byImpl['3rd'].dischargeIncludedS.p50, 3)} s,
p95 ${f(a.byImpl['3rd'].dischargeIncludedS.p95, 3)} s (n=${a.byImpl['3rd'].dischargeIncludedS.n}).

Per process:

${mdTable(
  ['process', 'CPU % (mean)', 'RSS MB (mean)', 'RSS MB (max)', 'network KB / run'],
  impls.flatMap((i) => Object.entries(a.byImpl[i].processes).map(([k, p]) => [k, f(p.cpuMeanPercent), f(p.rssMeanMb), f(p.rssMaxMb), f(p.networkKb)])),
)}

**Ratios, 2nd implementation over 3rd:** memory **${a.ratios.memoryMean}x** (peak ${a.ratios.memoryPeak}x, private memory ${a.ratios.memoryPrivate}x), CPU **${a.ratios.cpuMean}x**
(CPU seconds per run ${a.ratios.cpuSeconds}x), network **${a.ratios.network}x** (per operation ${a.ratios.networkPerOperation}x, per discharge ${a.ratios.dischargeNetwork}x); EV discharge time p50 ${a.ratios.dischargeTimeP50}x.

## Targets

${mdTable(['target', 'wanted', 'measured', ''], a.targets.map((t) => [t.name, t.target, t.value, t.pass ? 'met' : '**missed**']))}

## The thin client's footprint

One more thin-client run after the scenarios: after initialization, ${a.footprint.idle.seconds} s idle, then a loop of
${o.params.footprintDischarges} back-to-back discharges (${a.footprint.loop.seconds} s).

${mdTable(
  ['phase', 'RSS MB (mean)', 'RSS MB (max)', 'private MB (mean)', 'CPU % (mean)', 'network KB'],
  [
    ['idle', f(a.footprint.idle.rssMeanMb), f(a.footprint.idle.rssMaxMb), f(a.footprint.idle.ussMeanMb), f(a.footprint.idle.cpuMeanPercent), f(a.footprint.idle.networkKb)],
    ['discharge loop', f(a.footprint.loop.rssMeanMb), f(a.footprint.loop.rssMaxMb), f(a.footprint.loop.ussMeanMb), f(a.footprint.loop.cpuMeanPercent), f(a.footprint.loop.networkKb)],
  ],
)}

Discharges in the loop: p50 ${f(a.footprint.loopDischargeS.p50, 3)} s, p99 ${f(a.footprint.loopDischargeS.p99, 3)} s (n=${a.footprint.loopDischargeS.n}); each cost the thin
client ${f(a.footprint.loopCpuMsPerDischarge)} ms of CPU (the whole process: verification, signing, HTTP, the link's compression,
files) and ${f(a.footprint.loopNetworkKbPerDischarge, 2)} KB on its link.

## Figures

Fig. 9 (run ${a.fig9Run}): ![Fig. 9](paper-fig9.svg)

Fig. 10: ![Fig. 10](paper-fig10.svg)

## Raw data

\`paper.json\` (all of the above, per run and per process), \`paper-samples.csv\` (every sample), \`paper-ops.csv\` (every timed
operation). Caveats: a socket opened and closed between two samples is not counted (the thin client keeps its
connections alive, geth its peer link); the stations, their nodes and the benchmark share the machine with the
device, as they would not in the field.
`
  out('paper.md', md)
  return files
}
