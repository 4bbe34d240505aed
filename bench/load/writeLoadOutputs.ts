import { join } from 'node:path'
import type { MachineInfo } from '../lib/machineInfo.js'
import { mdTable, toJson, writeText } from '../lib/writeText.js'
import { lineChart, svgDocument } from '../plot/lineChart.js'
import type { ModeStats } from './analyzeLoad.js'
import type { OpRecord } from './loadModel.js'
import type { LoadCheck } from './verifyLoad.js'

/** Confirmations per second as a centred 3-second moving average (blocks land unevenly on 1 s bins). */
function smooth(timeline: readonly { t: number; confirmed: number }[]): (readonly [number, number])[] {
  return timeline.map((x, i) => {
    const w = timeline.slice(Math.max(0, i - 1), i + 2)
    return [x.t, Math.round((w.reduce((a, y) => a + y.confirmed, 0) / w.length) * 10) / 10] as const
  })
}

const COLORS = { relay: '#1f77b4', direct: '#d62728' } as const
const NAMES = { relay: 'relay, batched (this project)', direct: "one tx per op (paper's way)" } as const

/** Writes `load.json`, `load-throughput.svg`, `load-latency.svg` and `load.md`. */
export function writeLoadOutputs(o: {
  outDir: string
  command: string
  startedAt: string
  machine: MachineInfo
  params: Record<string, number>
  bootstrapSeconds: number
  relay: ModeStats
  direct: ModeStats
  throughputRatio: number
  check: LoadCheck
  records: readonly OpRecord[]
  stuck: string[]
  /** Each station's `GET /api/relay/stats` at the end of the relay phase. */
  relayStats: unknown[]
  /** The simulator process's event-loop delay per mode. */
  simulatorLoopDelayMs: Record<string, { p50: number; p99: number; max: number }>
}): string[] {
  const files: string[] = []
  const out = (name: string, text: string) => files.push(writeText(join(o.outDir, name), text))
  const { relay, direct } = o
  const p99Ok = relay.latencyS.p99 < 3
  const targets = [
    { name: `confirmed battery operations per second, ${o.params.stations} stations (relay)`, target: '>= 400', value: `${relay.opsPerSecond}`, pass: relay.opsPerSecond >= 400 },
    { name: 'confirmation latency p99 (relay)', target: '< 3 s', value: `${relay.latencyS.p99} s`, pass: p99Ok },
    { name: 'operations lost or duplicated (both modes, nonces and battery counters on chain)', target: '0', value: `${o.check.lostOrDuplicated}`, pass: o.check.lostOrDuplicated === 0 },
    { name: "relay batching over the paper's way, throughput in the same run", target: '>= 3x', value: `${o.throughputRatio}x`, pass: o.throughputRatio >= 3 },
  ]
  const strip = (m: ModeStats) => ({ ...m, timeline: m.timeline.map((x) => x.confirmed) })
  out(
    'load.json',
    toJson({
      benchmark: 'load',
      command: o.command,
      startedAt: o.startedAt,
      finishedAt: new Date().toISOString(),
      machine: o.machine,
      params: o.params,
      bootstrapSeconds: Math.round(o.bootstrapSeconds * 10) / 10,
      relay: strip(relay),
      direct: strip(direct),
      throughputRatio: o.throughputRatio,
      relayStats: o.relayStats,
      simulatorLoopDelayMs: o.simulatorLoopDelayMs,
      check: o.check,
      targets,
      stuckDevices: o.stuck,
    }),
  )

  out(
    'load-throughput.svg',
    svgDocument(
      [
        lineChart({
          title: 'Confirmed battery operations per second',
          xLabel: 'seconds since the mode began',
          yLabel: 'ops/s',
          series: (['relay', 'direct'] as const).map((m) => ({ name: NAMES[m], color: COLORS[m], points: smooth(o[m].timeline) })),
          markers: [{ x: o.params.warmupSeconds!, label: 'window' }, { x: o.params.seconds!, label: 'stop issuing' }],
        }),
      ],
      `Load: ${o.params.stations} stations, ${o.params.evs} simulated EVs, ${o.params.seconds} s per mode`,
      `Moving average over 3 s of the confirmations per second. ${o.machine.cpuModel}, ${o.machine.cores} cores; geth Clique, ${o.params.blockPeriodS} s blocks.`,
    ),
  )
  const cdf = (mode: 'relay' | 'direct') => {
    const from = o[mode].startMs + o.params.warmupSeconds! * 1000
    const to = o[mode].startMs + o.params.seconds! * 1000
    const xs = o.records.filter((r) => r.mode === mode && r.ok && r.start >= from && r.start <= to).map((r) => (r.end - r.start) / 1000).sort((a, b) => a - b)
    const step = Math.max(1, Math.floor(xs.length / 300))
    const pts: (readonly [number, number])[] = []
    for (let i = 0; i < xs.length; i += step) pts.push([xs[i]!, (i + 1) / xs.length])
    if (xs.length) pts.push([xs.at(-1)!, 1])
    return pts
  }
  out(
    'load-latency.svg',
    svgDocument(
      [
        lineChart({
          title: 'Confirmation latency (signing to confirmed answer), cumulative fraction of operations',
          xLabel: 'seconds',
          yLabel: 'fraction',
          series: (['relay', 'direct'] as const).map((m) => ({ name: NAMES[m], color: COLORS[m], points: cdf(m) })),
        }),
      ],
      'Load: latency distribution of the operations started in the measurement window',
    ),
  )

  const row = (m: ModeStats) => [
    NAMES[m.mode],
    m.opsPerSecond,
    `${m.latencyS.p50} / ${m.latencyS.p95} / ${m.latencyS.p99}`,
    m.gasPerOp,
    `${m.transactions} (${m.opsPerTransaction} ops each)`,
    m.confirmedTotal,
    Object.values(m.byKind).reduce((a, k) => a + k.notConfirmed, 0),
    m.retries,
    `${m.blocks.meanTxs} txs, ${(m.blocks.meanGasUsed / 1e6).toFixed(1)} Mgas (max ${(m.blocks.maxGasUsed / 1e6).toFixed(1)})`,
  ]
  const cpuGroups = [...new Set([...Object.keys(relay.cpu), ...Object.keys(direct.cpu)])]
  const c = o.check
  const md = `# Load benchmark

Produced by \`${o.command}\` on ${o.startedAt} (commit \`${o.machine.commit.slice(0, 12)}\`${o.machine.dirty ? ', with uncommitted changes' : ''}).
Machine: ${o.machine.cpuModel}, ${o.machine.cores} cores, ${o.machine.memoryMb} MB; Linux ${o.machine.kernel}; Node ${o.machine.node}; geth ${o.machine.geth ?? '?'}; load average before the run ${o.machine.loadAverage ?? '?'}.
Parameters: ${Object.entries(o.params).map(([k, v]) => `${k}=${v}`).join(', ')}.

${o.params.stations} stations on a geth Clique network (${o.params.blockPeriodS} s blocks, gas limit ${o.params.gasLimit}), each a \`startStation\`
process (relay, API, its swap interface) on its own node with its relayer key. ${o.params.evs} simulated EVs in the
benchmark process, each with its own key and one request in flight, spread over the stations; one station device per
station (the operator's key). EVs discharge their battery and now and then ask their station for a swap (about
0.25 a second per station); the station device approves pending swaps first and charges its batteries otherwise.
${o.params.ratePerSecond ? `**Paced:** the EVs together start at most ${o.params.ratePerSecond} operations a second (an idle EV waits for the next start slot), so the latencies are those of that load, not of a saturated network.\n` : ''}Bootstrap (${Math.round(o.bootstrapSeconds)} s): the super account registers every account and grants E-coin, each EV registers
one battery and each station ${o.params.batteriesPerStation}, all as signed requests through the forwarder's \`executeBatch\` (100 per
transaction); every device is funded with Ether for the second mode.

- **relay**: the device signs an EIP-712 forward request and POSTs it to its station's \`/api/relay?wait=1\`, which
  answers with the outcome; the relay batches requests into \`executeBatch\` transactions and pays the gas.
- **direct (the paper's way)**: the device's app signs a raw transaction with its own funded key (no account is unlocked
  on a node) and sends it to its station's node with \`eth_sendRawTransaction\`; it is confirmed when the node's block
  holds its receipt (one \`eth_getBlockReceipts\` per block for all devices). No relay, no batching.

Each mode issues for ${o.params.seconds} s; the window for throughput and latency is from ${o.params.warmupSeconds} s to ${o.params.seconds} s.

## Results

${mdTable(['mode', 'confirmed ops/s', 'latency s p50 / p95 / p99', 'gas / op', 'transactions', 'confirmed (all)', 'not confirmed', 'retries', 'blocks (mean)'], [row(relay), row(direct)])}

**Relay batching over the paper's way: ${o.throughputRatio}x the throughput in the same run.**

Each EV has one request in flight (a device's forwarder nonces are sequential), so a mode can confirm at most
EVs / mean latency operations a second: ${ceiling(o.params.evs, relay.latencyS.mean)} for the relay, ${ceiling(o.params.evs, direct.latencyS.mean)} for the paper's way
(${o.params.evs} EVs over a mean latency of ${relay.latencyS.mean} s / ${direct.latencyS.mean} s). Confirmed throughput is that
bound times the share of the window the EVs spent waiting on operations, so here a lower latency (or more EVs) is what raises it.

Where the latency goes (medians, from the operation's start): the node took the transaction after ${direct.submitS.p50} s (direct; a
relayed request's POST answers with its outcome, so its acceptance is in the relay's own stages below); the block holding it seen on
station 1's node after ${relay.untilBlockS.p50} s / ${direct.untilBlockS.p50} s;
the device knew ${relay.afterBlockS.p50} s / ${direct.afterBlockS.p50} s after that block (relay / direct).
The simulator's own event loop (one process for every EV) lagged p50 / p99 / max ${['relay', 'direct'].map((m) => { const d = o.simulatorLoopDelayMs[m]; return d ? `${d.p50} / ${d.p99} / ${d.max} ms` : '-' }).join(' (relay), ')} (direct).
Inside the relays (\`GET /api/relay/stats\`, ms, p50 / p99 over each station's last 2000): ${o.relayStats.map((x, i) => stageLine(i + 1, x)).join('; ')}.

Confirmed operations by kind (relay / direct): ${(['discharge', 'requestSwap', 'approveSwap', 'charge'] as const).map((k) => `${k} ${relay.byKind[k].confirmed} / ${direct.byKind[k].confirmed}`).join(', ')}.
Errors (relay): ${JSON.stringify(relay.errors)}; (direct): ${JSON.stringify(direct.errors)}.

CPU during the window, percent of one core (the machine has ${o.machine.cores} cores = ${o.machine.cores * 100} %):

${mdTable(['process group', 'relay', 'direct'], cpuGroups.map((g) => [g, relay.cpu[g] ?? '-', direct.cpu[g] ?? '-']))}

## Nothing lost, nothing applied twice

${mdTable(
  ['check', 'relay', 'direct'],
  [
    ['accounts checked (forwarder nonce / account nonce)', c.relay.accountsChecked, c.direct.accountsChecked],
    ['operations sent (accepted by relay / node)', c.relay.sent, c.direct.sent],
    ['confirmed', c.relay.confirmed, c.direct.confirmed],
    ['ran and reverted', c.relay.reverted, c.direct.reverted],
    ['refused before running', c.relay.refused, c.direct.refused],
    ['outcome unknown to the device', c.relay.unknown, c.direct.unknown],
    ['nonce below what devices saw run (lost)', c.relay.lost, c.direct.lost],
    ['nonce above it (ran more than devices know)', c.relay.extra, c.direct.extra],
  ],
)}

Battery counters: ${c.batteries.checked} batteries read back; discharge-count mismatches ${c.batteries.dischargeCountMismatches}, charge-count mismatches ${c.batteries.chargeCountMismatches}
(operations missing ${c.batteries.lostOps}, applied twice ${c.batteries.duplicatedOps}); EVs not owning the battery they ended with: ${c.batteries.ownerMismatches}.
Swap ids read from a request's receipt that the final chain gives to another EV's request (the receipt came from a
block that a short Clique fork later replaced, and the order of requests changed): relay ${c.swapIdsMovedByReorg.relay},
direct ${c.swapIdsMovedByReorg.direct} (of ${c.swapIdsMovedByReorg.checked} swap requests); the station then approved the wrong swap or none.
**Lost or duplicated in all: ${c.lostOrDuplicated}.**${
    o.stuck.length
      ? `\n\nDevices that stopped (their battery stayed locked by a swap the station could not approve, so they had nothing left to do; counted above as "ran and reverted", not as lost): ${o.stuck.slice(0, 10).join('; ')}${o.stuck.length > 10 ? ` and ${o.stuck.length - 10} more` : ''}.`
      : ''
  }

## Targets

${mdTable(['target', 'wanted', 'measured', ''], targets.map((t) => [t.name, t.target, t.value, t.pass ? 'met' : '**missed**']))}

## Figures

![throughput](load-throughput.svg)

![latency](load-latency.svg)
`
  out('load.md', md)
  return files
}

function stageLine(station: number, stats: unknown): string {
  const x = stats as { stages?: Record<string, { p50: number; p99: number }>; forks?: { moved: number; resent: number; requeued: number } }
  const st = x.stages
  if (!st) return `station ${station} did not answer`
  const f = (k: string) => `${st[k]?.p50 ?? '-'} / ${st[k]?.p99 ?? '-'}`
  // Confirmed batches whose block a fork replaced: found again in the new chain, sent again, or requeued.
  const k = x.forks ? `${x.forks.moved} / ${x.forks.resent} / ${x.forks.requeued}` : '-'
  return `station ${station}: check ${f('check')}, queued ${f('queue')}, mined ${f('mined')}, batch size ${f('batchSize')}, confirmed batches whose block a fork replaced (found again / resent / requeued) ${k}`
}

function ceiling(evs: number | undefined, meanS: number): string {
  return evs && meanS > 0 ? `${Math.round(evs / meanS)} ops/s` : '-'
}
