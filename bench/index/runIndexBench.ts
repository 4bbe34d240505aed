import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { findPackageRoot } from '../../src/rich/node/findPackageRoot.js'
import { resolveAnvilBinary } from '../../src/rich/node/resolveAnvilBinary.js'
import { stationUnit } from '../../src/sdk/units.js'
import { onCleanup, runCleanup } from '../lib/cleanup.js'
import { machineInfo } from '../lib/machineInfo.js'
import { startPostgres } from '../lib/startPostgres.js'
import { pickPorts } from '../lib/startBenchNetwork.js'
import { buildIndexChain } from './buildIndexChain.js'
import { createBatchSigner } from './createBatchSigner.js'
import { createRpc } from './createRpc.js'
import type { EngineJob } from './engineChild.js'
import type { IndexBenchReport } from './IndexBenchReport.js'
import type { QueryTargets } from './indexQueries.js'
import { indexSummary } from './indexSummary.js'
import type { IndexModel } from './IndexModel.js'
import { planBlock } from './planBlock.js'
import { runEngine, type EngineResult } from './runEngine.js'
import { startChainLoad, type LoadBlock } from './startChainLoad.js'
import { startIndexChain } from './startIndexChain.js'
import { writeIndexOutputs } from './writeIndexOutputs.js'

export type IndexBenchOptions = {
  /** Contract events of the history to index. */
  events: number
  outDir: string
  keep: boolean
  command: string
  /** Concurrent question clients in the loaded phase, and how long it lasts. */
  clients?: number
  loadedSeconds?: number
  /** Rounds of every question, one client, in the idle phase. */
  idleRounds?: number
  engines?: EngineJob['engine'][]
}

const LOAD_INTERVAL_MS = 1000

/**
 * `bench index`: the station's chain index in a database (PGlite, PostgreSQL) against the old in-memory
 * index it replaced, on a history of about `events` contract events (buildIndexChain, cached per N under
 * .evswap/bench-index/). For each engine, in a process of its own (runEngine): indexing throughput from
 * empty and resident memory, restart time to ready, and each question's latency idle and while the index
 * follows new blocks and clients ask concurrently; the database engines' query plans. Writes index.json
 * and index.md to `outDir` and prints the summary.
 *
 * @example
 * process.exitCode = await runIndexBench({ events: 20_000, outDir: 'bench/results/index', keep: false, command })
 */
export async function runIndexBench(o: IndexBenchOptions): Promise<number> {
  const root = findPackageRoot()
  const startedAt = new Date().toISOString()
  const machine = machineInfo(root)
  const clients = o.clients ?? 8
  const loadedSeconds = o.loadedSeconds ?? 30
  const idleRounds = o.idleRounds ?? 50
  const engines = o.engines ?? ['memory', 'pglite', 'postgres']
  const work = mkdtempSync(join(tmpdir(), 'evswap-bench-index-'))
  onCleanup('work folder', () => {
    if (!o.keep) rmSync(work, { recursive: true, force: true })
    else process.stderr.write(`work folder kept: ${work}\n`)
  })
  const log = (line: string) => process.stderr.write(`${line}\n`)
  log(`evswap bench index: ${o.events} events, engines ${engines.join(', ')}; work folder ${work}`)
  try {
    const [buildPort, port] = (await pickPorts(2)) as [number, number]
    const cacheDir = join(root, '.evswap', 'bench-index', `events-${o.events}`)
    const built = await buildIndexChain({ events: o.events, cacheDir, port: buildPort, log })
    log(`chain cache: ${cacheDir}`)

    const t0 = performance.now()
    const chain = await startIndexChain({ port, dir: work, loadState: built.stateFile })
    const anvilLoadSeconds = Math.round((performance.now() - t0) / 100) / 10
    onCleanup('anvil', () => chain.stop())
    const rpc = createRpc(chain.url)
    await rpc('evm_setAutomine', [false])
    const head = Number(await rpc<string>('eth_blockNumber'))
    if (head !== built.head) throw new Error(`the cached chain's head is ${head}, its record says ${built.head}: delete ${cacheDir} and run again`)
    log(`anvil: the cached chain (head ${head}) loaded in ${anvilLoadSeconds} s`)

    // The load: blocks that go on from the cached model, signed once, mined for every engine from the same snapshot.
    const model = JSON.parse(JSON.stringify(built.model)) as IndexModel
    const signer = createBatchSigner(built.deployment, 2)
    const loadBlocks: LoadBlock[] = []
    for (let i = 0; i < Math.ceil((loadedSeconds * 1000) / LOAD_INTERVAL_MS) + 5; i++) {
      const planned = planBlock(model, built.shape, built.deployment, head + 1 + i)
      loadBlocks.push({ planned, signed: await Promise.all(planned.batches.map((b) => signer.sign(b.requests))) })
    }
    await signer.close()

    const targets: QueryTargets = {
      batteries: built.model.batteryCount,
      evs: built.model.evs.map((e) => e.address),
      stationUnits: built.model.stations.map((s) => stationUnit(s.stationId)),
      firstBlock: built.deployment.block,
      head,
    }
    const explainArgs = {
      stationUnit: stationUnit(1),
      evUnit: built.model.evs[Math.floor(built.model.evs.length / 2)]!.evId,
      batteryId: Math.ceil(built.model.batteryCount / 2),
      ev: built.model.evs[Math.floor(built.model.evs.length / 2)]!.address,
      block: Math.max(built.deployment.block, head - 500),
    }
    const postgres = engines.includes('postgres') ? await startPostgres() : undefined
    if (postgres) {
      onCleanup('postgres', () => postgres.stop())
      log(`postgres ${postgres.version}: ${postgres.url}`)
    }

    const results: EngineResult[] = []
    let snapshot = await rpc<string>('evm_snapshot')
    for (const engine of engines) {
      if (results.length > 0) {
        await rpc('evm_revert', [snapshot])
        snapshot = await rpc<string>('evm_snapshot')
      }
      const database = engine === 'postgres' ? postgres!.url : join(work, `${engine}-db`)
      const job: Omit<EngineJob, 'from'> = {
        engine,
        rpcUrl: chain.url,
        deployment: built.deployment,
        database,
        schema: 'bench',
        targets,
        explainArgs,
        idleRounds,
        clients,
        loadedSeconds,
        maxResponseBodySize: 1024 * 1024 * 1024,
      }
      const r = await runEngine({
        job,
        events: built.events,
        logFile: join(work, `${engine}.log`),
        ...(engine === 'postgres' ? { serverPid: postgres!.pid } : {}),
        startLoad: () => startChainLoad(rpc, built.deployment, loadBlocks, LOAD_INTERVAL_MS),
        log,
      })
      if (engine === 'postgres') r.databaseBytes = await schemaBytes(postgres!.url, 'bench')
      results.push(r)
    }

    const { model: _model, ...chainRecord } = built
    const report: IndexBenchReport = {
      command: o.command,
      startedAt,
      machine,
      params: { events: o.events, clients, loadedSeconds, idleRounds, loadBlockIntervalMs: LOAD_INTERVAL_MS },
      chain: { ...chainRecord, cacheDir, anvilLoadSeconds },
      versions: {
        pglite: (JSON.parse(readFileSync(join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string }).version,
        ...(postgres ? { postgres: postgres.version } : {}),
        anvil: execFileSync(resolveAnvilBinary(), ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim(),
      },
      engines: results,
    }
    for (const file of writeIndexOutputs(o.outDir, report)) process.stdout.write(`wrote ${file}\n`)
    process.stdout.write(`\n${indexSummary(report)}\nchain cache (reused by a rerun at --events ${o.events}): ${cacheDir}\n`)
    return 0
  } finally {
    await runCleanup()
  }
}

/** Bytes of a schema's tables with their indexes and TOAST, on a PostgreSQL server. */
async function schemaBytes(url: string, schema: string): Promise<number> {
  const client = new pg.Client(url)
  await client.connect()
  try {
    const r = await client.query<{ bytes: string }>(
      `select coalesce(sum(pg_total_relation_size(c.oid)), 0) as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind = 'r'`,
      [schema],
    )
    return Number(r.rows[0]!.bytes)
  } finally {
    await client.end()
  }
}
