import { CompiledQuery, createQueryId, Kysely, PostgresDialect, type KyselyPlugin } from 'kysely'
import pg from 'pg'
import type { Address } from 'viem'
import { createIndexReader } from '../../src/rich/store/createIndexReader.js'
import type { IndexTables } from '../../src/rich/store/IndexTables.js'
import { openPglite } from '../../src/rich/store/openPglite.js'
import type { Deployment } from '../../src/sdk/deployment.js'

/** One statement a question ran, with the plan PostgreSQL chose for it and what that plan did. */
export type ExplainedStatement = {
  /** The timed question it belongs to, or what else it shows (e.g. swaps by an EV's unit). */
  query: string
  sql: string
  /** EXPLAIN (ANALYZE, BUFFERS) as text. */
  plan: string
  executionMs: number
  /** Tables the plan reads whole (Seq Scan). */
  seqScans: string[]
}

/** How many rows PostgreSQL believes a table has, and when it last analyzed it (never: plans on default guesses). */
export type TableStats = { table: string; liveRows: number; lastAnalyze: string | null; lastAutoanalyze: string | null }

/**
 * The plans of the statements behind each timed question, taken from a second connection to the index's
 * database after the run (the reader's own statements, caught by a Kysely plugin, then EXPLAIN ANALYZE'd
 * with the same parameters): a question whose plan scans a table grows with the history. Also swaps by an
 * EV's unit (the same query as by a station's, another index), and each table's statistics.
 *
 * @example
 * const plans = await explainQueries({ database, schema: 'bench', deployment, args })
 */
export async function explainQueries(o: {
  database: string
  schema: string
  deployment: Deployment
  /** The arguments to explain with: the largest station, a battery and an EV of the middle of the history, a block near the head. */
  args: { stationUnit: number; evUnit: number; batteryId: number; ev: Address; block: number }
}): Promise<{ statements: ExplainedStatement[]; tables: TableStats[] }> {
  let caught: CompiledQuery[] = []
  const postgres = /^postgres(ql)?:\/\//.test(o.database)
  let release = async () => {}
  let base: Kysely<unknown>
  if (postgres) {
    base = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: o.database, max: 1 }) }) })
    release = () => base.destroy()
  } else {
    // The index of this process has the folder open; openPglite hands out the same Kysely on it.
    const opened = await openPglite(o.database)
    base = opened.db
    release = opened.release
  }
  try {
    // Each statement as the reader sends it (its schema put in by withSchema first), compiled for the engine.
    const executor = base.getExecutor()
    const spy: KyselyPlugin = {
      transformQuery: ({ node }) => {
        caught.push(executor.compileQuery(node, createQueryId()))
        return node
      },
      transformResult: async ({ result }) => result,
    }
    const reader = createIndexReader(base.withSchema(o.schema).withPlugin(spy) as Kysely<IndexTables>, o.deployment)
    const a = o.args
    const asks: [string, () => Promise<unknown>][] = [
      ['batteryHistory', () => reader.history(a.batteryId)],
      ['ledger', () => reader.ledger(a.ev)],
      ['swapsByStation', () => reader.swaps({ unit: a.stationUnit })],
      ["swaps by an EV's unit", () => reader.swaps({ unit: a.evUnit })],
      ['swapsByDay', () => reader.swapsByDay({ stationUnit: a.stationUnit })],
      ['stockByStatus', () => reader.stock({ holder: a.stationUnit })],
      ['eventsSince', () => reader.eventsSince(a.block)],
      ['batteriesByHolder', () => reader.batteries({ holder: a.stationUnit })],
    ]
    const out: ExplainedStatement[] = []
    for (const [query, ask] of asks) {
      caught = []
      await ask()
      const statements = caught
      caught = []
      for (const s of statements) {
        const r = await base.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`, [...s.parameters]))
        caught = []
        const plan = r.rows.map((row) => row['QUERY PLAN']).join('\n')
        out.push({
          query,
          sql: s.sql,
          plan,
          executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN),
          seqScans: [...new Set([...plan.matchAll(/Seq Scan on (\S+)/g)].map((m) => m[1]!))],
        })
      }
    }
    const stats = await base.executeQuery<{ relname: string; n_live_tup: string; last_analyze: Date | null; last_autoanalyze: Date | null }>(
      CompiledQuery.raw('select relname, n_live_tup, last_analyze, last_autoanalyze from pg_stat_user_tables where schemaname = $1 order by relname', [o.schema]),
    )
    const tables = stats.rows.map((r) => ({
      table: r.relname,
      liveRows: Number(r.n_live_tup),
      lastAnalyze: r.last_analyze ? new Date(r.last_analyze).toISOString() : null,
      lastAutoanalyze: r.last_autoanalyze ? new Date(r.last_autoanalyze).toISOString() : null,
    }))
    return { statements: out, tables }
  } finally {
    await release()
  }
}
