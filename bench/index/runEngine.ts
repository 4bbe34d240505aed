import { fork } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { onCleanup } from '../lib/cleanup.js'
import { createProcessSampler } from '../lib/createProcessSampler.js'
import { readProcStat } from '../lib/procStat.js'
import { processTreeMemory } from '../lib/processTreeMemory.js'
import { summarize, type Summary } from '../lib/stats.js'
import type { EngineJob, EngineMessage } from './engineChild.js'
import type { ExplainedStatement, TableStats } from './explainQueries.js'
import type { QueryName } from './indexQueries.js'
import type { QueryLatency } from './measureQueries.js'
import type { ChainLoad } from './startChainLoad.js'

/** Resident memory of a phase, MB: when it began, its highest 200 ms sample, when it ended (after a GC and 1 s). */
export type PhaseMemory = { beforeMb: number; peakMb: number; afterMb: number }

/** Everything measured of one engine. */
export type EngineResult = {
  engine: EngineJob['engine']
  events: number
  index: { seconds: number; eventsPerSecond: number; memory: PhaseMemory; head: number }
  restart: { closeSeconds: number; seconds: number; memory: PhaseMemory }
  idle: Record<QueryName, QueryLatency | null>
  loaded: {
    latencies: Record<QueryName, QueryLatency | null>
    memory: PhaseMemory
    /** Blocks and events the load mined while the questions were asked, and how many events the index took in meanwhile. */
    blocks: number
    events: number
    followedEvents: number
    /** From a block's mining to the index's head reaching it, ms. */
    lagMs: Summary | null
    eventLoopDelayMs: { p50: number; p99: number; max: number }
  }
  /** PostgreSQL only: the server's processes, PSS summed (MB), at the end of each phase and at their peak. */
  server?: { indexPeakMb: number; indexAfterMb: number; loadedPeakMb: number }
  plans?: ExplainedStatement[]
  /** The database's own idea of its tables (rows, last ANALYZE). */
  tables?: TableStats[]
  databaseBytes?: number
}

const mb = (kb: number) => Math.round(kb / 102.4) / 10

/**
 * Runs one engine in two processes of its own (engineChild): one indexes from empty and closes, then a new
 * one reopens the database as a restarted station would and is asked the questions. Measures them from outside: its resident memory every
 * 200 ms tagged by phase (so before, peak and after are that engine's alone), the PostgreSQL server's
 * processes beside it when there is one, and, when the child reaches the loaded phase, the chain load
 * `startLoad` gives (stopped when the child is done asking).
 *
 * @example
 * const result = await runEngine({ job, events, logFile, startLoad: () => startChainLoad(rpc, d, blocks) })
 */
export async function runEngine(o: { job: Omit<EngineJob, 'from'>; events: number; logFile: string; serverPid?: number; startLoad: () => ChainLoad; log: (line: string) => void }): Promise<EngineResult> {
  const result: Partial<EngineResult> & { engine: EngineJob['engine'] } = { engine: o.job.engine, events: o.events }
  const server: { phase: string; pssKb: number }[] = []
  await runChild({ ...o, job: { ...o.job, from: 'empty' } }, result, server)
  await runChild({ ...o, job: { ...o.job, from: 'existing' } }, result, server)
  const serverOf = (p: string) => server.filter((s) => s.phase === p).map((s) => s.pssKb)
  if (o.serverPid) {
    const max = (p: string) => mb(Math.max(0, ...serverOf(p)))
    const last = (p: string) => mb(serverOf(p).at(-1) ?? 0)
    result.server = { indexPeakMb: max('index'), indexAfterMb: last('index'), loadedPeakMb: max('loaded') }
  }
  return result as EngineResult
}

/** One engine process: indexing from empty (job.from empty), or a restarted station and its questions (existing). */
async function runChild(
  o: { job: EngineJob; events: number; logFile: string; serverPid?: number; startLoad: () => ChainLoad; log: (line: string) => void },
  result: Partial<EngineResult> & { engine: EngineJob['engine'] },
  server: { phase: string; pssKb: number }[],
): Promise<void> {
  const log = openSync(o.logFile, 'a')
  const child = fork(join(dirname(fileURLToPath(import.meta.url)), 'engineChild.js'), [], { execArgv: ['--expose-gc'], stdio: ['ignore', log, log, 'ipc'] })
  closeSync(log)
  const pid = child.pid!
  const forget = onCleanup(`${o.job.engine} engine (pid ${pid})`, () => void child.kill('SIGKILL'), () => void child.kill('SIGKILL'))
  const sampler = createProcessSampler({ intervalMs: 200, network: false })
  sampler.add({ key: 'engine', pid })
  let phase = 'started'
  const serverTimer = o.serverPid ? setInterval(() => server.push({ phase, pssKb: processTreeMemory(o.serverPid!).pssKb }), 200) : undefined
  const rssNow = () => readProcStat(pid)?.rssKb ?? 0
  const marks: Record<string, number> = {}
  const enter = (next: string) => {
    marks[`${phase}:end`] = rssNow()
    phase = next
    marks[`${phase}:start`] = rssNow()
    sampler.tag({ phase })
  }
  const memoryOf = (p: string): PhaseMemory => {
    const peak = Math.max(marks[`${p}:start`] ?? 0, marks[`${p}:end`] ?? 0, ...sampler.samples.filter((s) => s.labels.phase === p).map((s) => s.rssKb))
    return { beforeMb: mb(marks[`${p}:start`] ?? 0), peakMb: mb(peak), afterMb: mb(marks[`${p}:end`] ?? 0) }
  }

  let load: ChainLoad | undefined
  let loadResult: Awaited<ReturnType<ChainLoad['stop']>> | undefined
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code, signal) => reject(new Error(`the ${o.job.engine} engine exited (${code ?? signal}) before it was done; see ${o.logFile}`)))
      child.on('message', (m: EngineMessage) => {
        void (async () => {
          if (m.type === 'error') return reject(new Error(`${o.job.engine} engine: ${m.message}`))
          switch (m.phase) {
            case 'started':
              if (o.job.from === 'empty') {
                enter('index')
                o.log(`${o.job.engine}: indexing ${o.events} events from empty...`)
              } else {
                enter('restart')
                o.log(`${o.job.engine}: a new process reopens the index...`)
              }
              break
            case 'indexed':
              enter('closing')
              result.index = { seconds: m.seconds, eventsPerSecond: Math.round(o.events / m.seconds), memory: memoryOf('index'), head: m.head }
              o.log(`${o.job.engine}: indexed in ${m.seconds} s (${result.index.eventsPerSecond} events/s), resident peak ${result.index.memory.peakMb} MB; closing...`)
              break
            case 'restarted':
              enter('idle')
              result.restart = { closeSeconds: result.restart?.closeSeconds ?? 0, seconds: m.seconds, memory: memoryOf('restart') }
              o.log(`${o.job.engine}: ready ${m.seconds} s after reopening; resident ${result.restart.memory.afterMb} MB; timing the questions idle...`)
              break
            case 'idle':
              result.idle = m.latencies
              enter('loading')
              break
            case 'loading':
              enter('loaded')
              load = o.startLoad()
              o.log(`${o.job.engine}: timing the questions under load...`)
              break
            case 'queried':
              loadResult = await load!.stop()
              load = undefined
              enter('catching up')
              break
            case 'loaded': {
              const { mined, events } = loadResult!
              enter('explain')
              result.loaded = {
                latencies: m.latencies,
                memory: memoryOf('loaded'),
                blocks: mined.length,
                events,
                followedEvents: m.followedEvents,
                lagMs: lagOf(mined, m.heads),
                eventLoopDelayMs: m.eventLoopDelayMs,
              }
              break
            }
            case 'explained':
              result.plans = m.plans
              result.tables = m.tables
              break
            case 'done':
              if (m.closeSeconds !== undefined) result.restart = { ...(result.restart ?? { seconds: 0, memory: { beforeMb: 0, peakMb: 0, afterMb: 0 } }), closeSeconds: m.closeSeconds }
              if (m.databaseBytes !== undefined) result.databaseBytes = m.databaseBytes
              return resolve()
          }
          child.send({ type: 'continue' })
        })().catch(reject)
      })
      child.send({ type: 'job', job: o.job })
    })
  } finally {
    if (load) await load.stop().catch(() => {})
    clearInterval(serverTimer)
    await sampler.stop()
    await new Promise((r) => (child.exitCode === null && child.signalCode === null ? child.once('exit', r) : r(null)))
    await forget()
  }
}

/** For each mined block, the time until the index's head reached it (heads: [ms, head] as the index announced them). */
function lagOf(mined: [number, number][], heads: [number, number][]): Summary | null {
  const lags: number[] = []
  for (const [t, n] of mined) {
    const reached = heads.find(([, h]) => h >= n)
    if (reached) lags.push(Math.max(0, reached[0] - t))
  }
  return lags.length ? summarize(lags) : null
}
