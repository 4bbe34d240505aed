// One engine of `bench index`, in a process of its own so that its resident memory is the engine's alone:
// started by runEngine (child_process.fork, --expose-gc), either to index the cached chain from empty and
// close, or, as a restarted station, to reopen that database and answer the timed questions idle and under
// load, stopping at each phase boundary until the parent (which samples this process's memory and drives the
// chain) says to go on.
import { execFileSync } from 'node:child_process'
import { createPublicClient, http } from 'viem'
import { createChainIndex, type ChainIndex } from '../../src/rich/events/createChainIndex.js'
import { createNodeHttpFetch } from '../../src/rich/node/createNodeHttpFetch.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import { explainQueries, type ExplainedStatement, type TableStats } from './explainQueries.js'
import { indexQueries, type QueryTargets } from './indexQueries.js'
import { measureQueries } from './measureQueries.js'
import { createChainIndex as createMemoryIndex, type ChainIndex as MemoryChainIndex } from './memoryIndex/createChainIndex.js'

/** What the parent asks of the child. */
export type EngineJob = {
  engine: 'pglite' | 'postgres' | 'memory'
  /** empty: index the chain into an empty database, then close; existing: reopen it (the memory index re-reads the chain) and ask the questions. */
  from: 'empty' | 'existing'
  rpcUrl: string
  deployment: Deployment
  /** PGlite's folder or the server's URL (not for memory). */
  database: string
  schema: string
  targets: QueryTargets
  explainArgs: Parameters<typeof explainQueries>[0]['args']
  idleRounds: number
  clients: number
  loadedSeconds: number
  /** viem's cap on a JSON-RPC answer (its default is 10 MB); false: none. */
  maxResponseBodySize: number | false
}

/** A phase boundary the child reports; it waits for `continue` after each but `done`. */
export type EngineMessage =
  | { type: 'at'; phase: 'started' }
  | { type: 'at'; phase: 'indexed'; seconds: number; head: number }
  | { type: 'at'; phase: 'restarted'; seconds: number; head: number }
  | { type: 'at'; phase: 'idle'; latencies: Awaited<ReturnType<typeof measureQueries>> }
  | { type: 'at'; phase: 'loading' }
  | { type: 'at'; phase: 'queried' }
  | {
      type: 'at'
      phase: 'loaded'
      latencies: Awaited<ReturnType<typeof measureQueries>>
      heads: [number, number][]
      followedEvents: number
      eventLoopDelayMs: { p50: number; p99: number; max: number }
    }
  | { type: 'at'; phase: 'explained'; plans: ExplainedStatement[]; tables: TableStats[] }
  | { type: 'at'; phase: 'done'; databaseBytes?: number; closeSeconds?: number }
  | { type: 'error'; message: string }

type AnyIndex = { kind: 'database'; index: ChainIndex } | { kind: 'memory'; index: MemoryChainIndex }

const send = (m: EngineMessage) => process.send!(m)
let resume: (() => void) | undefined
const waitForParent = () => new Promise<void>((r) => (resume = r))
const at = async (m: EngineMessage) => {
  send(m)
  await waitForParent()
}
const seconds = (t0: number) => Math.round((performance.now() - t0) / 10) / 100
const settle = async () => {
  ;(globalThis as { gc?: () => void }).gc?.()
  await new Promise((r) => setTimeout(r, 1000))
}

async function run(job: EngineJob): Promise<void> {
  // The station's own transport (startStation), with viem's answer-size cap as the job says.
  const transport = http(job.rpcUrl, {
    retryCount: 2,
    timeout: 120_000,
    batch: { batchSize: 200 },
    fetchFn: createNodeHttpFetch(),
    fetchOptions: { headers: { 'accept-encoding': 'identity' } },
    maxResponseBodySize: job.maxResponseBodySize,
  })
  const publicClient = createPublicClient({ transport, pollingInterval: 250 })
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`)
  const open = async (): Promise<AnyIndex> =>
    job.engine === 'memory'
      ? { kind: 'memory', index: createMemoryIndex({ publicClient, deployment: job.deployment, log }) }
      : { kind: 'database', index: await createChainIndex({ publicClient, deployment: job.deployment, database: job.database, schema: job.schema, log }) }
  const close = async (ix: AnyIndex) => {
    if (ix.kind === 'memory') ix.index.close()
    else await ix.index.close()
  }

  await at({ type: 'at', phase: 'started' })
  if (job.from === 'empty') {
    const t0 = performance.now()
    const ix = await open()
    await ix.index.ready
    const indexSeconds = seconds(t0)
    await settle()
    await at({ type: 'at', phase: 'indexed', seconds: indexSeconds, head: ix.index.head() })
    const t1 = performance.now()
    await close(ix)
    send({ type: 'at', phase: 'done', closeSeconds: seconds(t1) })
    return
  }

  // A restart is a new station process: what it holds is what reopening costs, not what indexing left behind.
  const t0 = performance.now()
  const ix = await open()
  await ix.index.ready
  const restartSeconds = seconds(t0)
  await settle()
  await at({ type: 'at', phase: 'restarted', seconds: restartSeconds, head: ix.index.head() })

  const queries = indexQueries(ix, job.targets)
  await at({ type: 'at', phase: 'idle', latencies: await measureQueries(queries, { clients: 1, rounds: job.idleRounds }) })

  await at({ type: 'at', phase: 'loading' })
  const heads: [number, number][] = []
  let followedEvents = 0
  const onHead = (h: number) => heads.push([Date.now(), h])
  const onChain = () => void (followedEvents += 1)
  ix.index.events.on('head', onHead)
  ix.index.events.on('chain', onChain)
  const { monitorEventLoopDelay } = await import('node:perf_hooks')
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  const loaded = await measureQueries(queries, { clients: job.clients, seconds: job.loadedSeconds })
  delay.disable()
  await at({ type: 'at', phase: 'queried' })
  // The load has stopped: give the follower a moment to index its last blocks, for the lag figures.
  await new Promise((r) => setTimeout(r, 3000))
  ix.index.events.off('head', onHead)
  ix.index.events.off('chain', onChain)
  const ms = (ns: number) => Math.round(ns / 1e4) / 100
  await at({
    type: 'at',
    phase: 'loaded',
    latencies: loaded,
    heads,
    followedEvents,
    eventLoopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
  })

  if (ix.kind === 'database') {
    const { statements, tables } = await explainQueries({ database: job.database, schema: job.schema, deployment: job.deployment, args: job.explainArgs })
    await at({ type: 'at', phase: 'explained', plans: statements, tables })
  }
  await close(ix)
  let databaseBytes: number | undefined
  if (job.engine === 'pglite') databaseBytes = Number(execFileSync('du', ['-sb', job.database], { encoding: 'utf8' }).split('\t')[0])
  send({ type: 'at', phase: 'done', ...(databaseBytes !== undefined ? { databaseBytes } : {}) })
}

process.on('message', (m: { type: 'job'; job: EngineJob } | { type: 'continue' }) => {
  if (m.type === 'continue') resume?.()
  else
    run(m.job).then(
      () => process.disconnect(),
      (e: unknown) => {
        send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) })
        process.disconnect()
      },
    )
})
