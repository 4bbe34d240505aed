import { ratio } from '../lib/stats.js'
import { mdTable } from '../lib/writeText.js'
import type { IndexBenchReport } from './IndexBenchReport.js'
import { queryNames } from './indexQueries.js'
import { engineNames } from './engineNames.js'

const f = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits))
/** Milliseconds with three significant digits at least: the in-memory reads take microseconds. */
const msOf = (n: number) => (n >= 1 ? n.toFixed(2) : n.toPrecision(2))

/**
 * The summary tables of `bench index` (printed, and the head of the markdown report): per engine, indexing
 * from empty, memory, restart, and each question's p50 / p99 under load, with ratios to the in-memory index.
 *
 * @example
 * process.stdout.write(indexSummary(report))
 */
export function indexSummary(r: IndexBenchReport): string {
  const engines = r.engines
  const memory = engines.find((e) => e.engine === 'memory')
  const vs = (value: number | undefined, base: number | undefined) => (value === undefined || base === undefined ? '' : ` (${ratio(value, base)}x)`)
  const rows: (string | number)[][] = [
    ['indexing from empty, events/s', ...engines.map((e) => `${e.index.eventsPerSecond}${vs(e.index.eventsPerSecond, memory?.index.eventsPerSecond)}`)],
    ['indexing time, s', ...engines.map((e) => f(e.index.seconds, 2))],
    ['resident memory indexing: before / peak / after, MB', ...engines.map((e) => `${f(e.index.memory.beforeMb)} / ${f(e.index.memory.peakMb)} / ${f(e.index.memory.afterMb)}${vs(e.index.memory.peakMb, memory?.index.memory.peakMb)}`)],
    ['PostgreSQL server (PSS of its processes): peak indexing / after, MB', ...engines.map((e) => (e.server ? `${f(e.server.indexPeakMb)} / ${f(e.server.indexAfterMb)}` : ''))],
    ['restart to ready, s (in memory: a full re-index)', ...engines.map((e) => `${f(e.restart.seconds, 2)}${vs(e.restart.seconds, memory?.restart.seconds)}`)],
    ['resident memory after restart, MB', ...engines.map((e) => f(e.restart.memory.afterMb))],
    ['resident memory under load: peak, MB', ...engines.map((e) => f(e.loaded.memory.peakMb))],
    ['database on disk, MB', ...engines.map((e) => (e.databaseBytes === undefined ? '' : f(e.databaseBytes / 1e6)))],
    ['under load: events indexed / mined, lag p50 / p99 ms', ...engines.map((e) => `${e.loaded.followedEvents} / ${e.loaded.events}, ${f(e.loaded.lagMs?.p50, 0)} / ${f(e.loaded.lagMs?.p99, 0)}`)],
    ['under load: event-loop delay p99 / max, ms', ...engines.map((e) => `${f(e.loaded.eventLoopDelayMs.p99)} / ${f(e.loaded.eventLoopDelayMs.max)}`)],
  ]
  const queryRows = queryNames.map((q) => [
    q,
    ...engines.map((e) => {
      const l = e.loaded.latencies[q]
      const base = memory?.loaded.latencies[q]
      return l ? `${msOf(l.p50)} / ${msOf(l.p99)}${e.engine !== 'memory' && base ? ` (${ratio(l.p99, base.p99)}x)` : ''} [${l.asked}]` : 'n/a'
    }),
  ])
  const idleRows = queryNames.map((q) => [q, ...engines.map((e) => (e.idle[q] ? `${msOf(e.idle[q]!.p50)} / ${msOf(e.idle[q]!.p99)}` : 'n/a'))])
  const head = ['', ...engines.map((e) => engineNames[e.engine])]
  return [
    `${r.chain.events} events, ${r.chain.blocks} blocks over ${r.chain.shape.days} days (${r.chain.shape.evs} EVs, ${r.chain.shape.stations} stations)`,
    '',
    mdTable(head, rows),
    '',
    `Questions under load, ms: p50 / p99 (p99 vs in memory) [times asked]; ${r.params.clients} clients asking back to back for ${r.params.loadedSeconds} s in the index's process while it follows a block a second of new operations:`,
    '',
    mdTable(head, queryRows),
    '',
    `Questions idle (one client, ${r.params.idleRounds} rounds, no new blocks), ms: p50 / p99:`,
    '',
    mdTable(head, idleRows),
    '',
  ].join('\n')
}
