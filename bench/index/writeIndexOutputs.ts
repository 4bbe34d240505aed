import { join } from 'node:path'
import { toJson, writeText } from '../lib/writeText.js'
import type { IndexBenchReport } from './IndexBenchReport.js'
import { engineNames } from './engineNames.js'
import { indexSummary } from './indexSummary.js'

const f = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits))

/**
 * Writes index.json (every figure, the machine, the command) and index.md (the summary tables, what
 * "loaded" means, and the query plans with any sequential scan) into `outDir`; answers the paths.
 *
 * @example
 * for (const f of writeIndexOutputs(outDir, report)) console.log(`wrote ${f}`)
 */
export function writeIndexOutputs(outDir: string, r: IndexBenchReport): string[] {
  const m = r.machine
  const c = r.chain
  const plans = r.engines.flatMap((e) =>
    (e.plans ?? []).map((p) => `#### ${engineNames[e.engine]}: ${p.query} (${f(p.executionMs, 3)} ms${p.seqScans.length ? `, **Seq Scan on ${p.seqScans.join(', ')}**` : ''})\n\n\`\`\`sql\n${p.sql}\n\`\`\`\n\n\`\`\`\n${p.plan}\n\`\`\`\n`),
  )
  const md = [
    '# The index in a database (`bench index`)',
    '',
    `Command: \`${r.command}\`, started ${r.startedAt}.`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryMb} MB, Linux ${m.kernel}, Node ${m.node}, load average ${m.loadAverage ?? '?'} at the start; commit ${m.commit}${m.dirty ? ' (uncommitted changes)' : ''}.`,
    `PGlite ${r.versions.pglite}${r.versions.postgres ? `, PostgreSQL ${r.versions.postgres} (stock settings, a throwaway server)` : ''}, ${r.versions.anvil}.`,
    '',
    `Chain: ${c.events} contract events in ${c.blocks} blocks after the deployment (head ${c.head}), timestamps over ${c.shape.days} days; ${c.shape.evs} EVs, ${c.shape.stations} stations with ${c.shape.batteriesPerStation} batteries each; ` +
      `${c.shape.requestsPerBatch} signed requests per \`executeBatch\`, ${c.shape.stationsPerBlock} batches a block. Operations: ${Object.entries(c.operations).map(([k, v]) => `${k} ${v}`).join(', ')}. ` +
      `${c.reused ? `Reused from the cache ${c.cacheDir} (built in ${c.buildSeconds} s)` : `Built in ${c.buildSeconds} s`} (${Math.round(c.events / c.buildSeconds)} events/s); anvil's state file ${Math.round(c.stateBytes / 1e6)} MB, written in ${c.dumpSeconds} s, loaded in ${c.anvilLoadSeconds} s.`,
    '',
    indexSummary(r),
    '## What was measured',
    '',
    '- Each engine runs in its own Node process (resident memory sampled every 200 ms from outside; "after" is 1 s after a GC). PostgreSQL runs in its own server, whose processes are summed separately (PSS, so shared buffers count once).',
    "- Indexing from empty: `createChainIndex` on an empty database (PGlite: a new folder; PostgreSQL: a new schema), until `ready`. The station's transport (startStation's viem http options), but with viem's 10 MB cap on an answer lifted: with it, the follower's first eth_getLogs (2000 blocks) fails on a busy chain (docs/benchmarks.md, section 5).",
    "- Restart: the indexing process closes the index and exits; a new process (a restarted station) runs `createChainIndex` on the same database until `ready` (the in-memory index has nothing to reopen: a full re-index). Its resident memory is the new process's alone.",
    `- Loaded: while ${r.params.clients} clients in the index's own process ask the questions back to back (a latency runs from the moment a client asks, right after its last answer, to the answer, its wait for the event loop included), the chain gets a block every ${r.params.loadBlockIntervalMs} ms of ${c.shape.stationsPerBlock} stations' batches (${c.shape.requestsPerBatch} requests each, ~100 events), which the index follows (polling every 250 ms). The same pre-signed blocks for every engine, on a chain reverted to the same snapshot. Lag: from a block's mining to the index announcing that head.`,
    '- Questions, each with random arguments: battery history (first page; in memory the whole history), an EV\'s ledger (first page of 50), swaps by station (first page of 100; in memory the whole filtered list), swaps by day for a station, stock by status for a station, events since a random block (first page of 100), batteries by holder for a station (first page; in memory ids then each battery). n/a: the old index had no such question.',
    '',
    '## Table statistics (pg_stat_user_tables after the loaded phase)',
    '',
    "PGlite keeps no statistics across a reopen (its row counts are what changed since the restart) and runs no autovacuum, so it never analyzes: its planner works from default guesses.",
    '',
    ...r.engines
      .filter((e) => e.tables)
      .map((e) => `- ${engineNames[e.engine]}: ${e.tables!.map((t) => `${t.table} ${t.liveRows} rows, analyzed ${t.lastAutoanalyze ?? t.lastAnalyze ?? 'never'}`).join('; ')}`),
    '',
    '## Query plans (EXPLAIN ANALYZE after the loaded phase)',
    '',
    ...plans,
  ].join('\n')
  return [writeText(join(outDir, 'index.json'), toJson(r)), writeText(join(outDir, 'index.md'), md)]
}
