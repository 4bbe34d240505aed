import { summarize, type Summary } from '../lib/stats.js'
import type { IndexQuery, QueryName } from './indexQueries.js'

/** Latencies of one question in milliseconds (a uniform sample of at most 50 000 of them), and how many were asked. */
export type QueryLatency = Summary & { asked: number }

const KEEP = 50_000
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Asks the questions from `clients` concurrent clients, each going round the questions (starting at a
 * different one) and asking the next as soon as the last is answered, for `seconds` or until each client has
 * asked each question `rounds` times. A latency runs from the moment the client asks (right after its last
 * answer) to the answer, and each question first waits its turn on the event loop (setImmediate), as a
 * server's request would: the follower and the other clients run meanwhile, and an engine that answers
 * synchronously (the in-memory index; PGlite, whose WebAssembly runs on this thread) cannot hide its queue
 * in the time between two questions. Questions an engine lacks are null.
 *
 * @example
 * const idle = await measureQueries(queries, { clients: 1, rounds: 100 })
 * const loaded = await measureQueries(queries, { clients: 8, seconds: 30 })
 */
export async function measureQueries(queries: Record<QueryName, IndexQuery>, o: { clients: number; seconds?: number; rounds?: number }): Promise<Record<QueryName, QueryLatency | null>> {
  const names = (Object.keys(queries) as QueryName[]).filter((n) => queries[n] !== undefined)
  const samples = new Map(names.map((n) => [n, { kept: [] as number[], asked: 0 }]))
  const until = o.seconds === undefined ? Number.POSITIVE_INFINITY : performance.now() + o.seconds * 1000
  const client = async (c: number) => {
    for (let i = 0; o.rounds === undefined || i < o.rounds * names.length; i++) {
      if (performance.now() >= until) return
      const name = names[(c + i) % names.length]!
      // The client asks now: an event loop busy with the others' answers or the follower delays the question
      // as it would delay an HTTP request, so that wait is part of the latency (an engine that answers
      // synchronously would otherwise hide its queue).
      const t0 = performance.now()
      await yieldToLoop()
      await queries[name]!()
      const ms = performance.now() - t0
      const s = samples.get(name)!
      s.asked += 1
      // Reservoir sampling: every latency has the same chance to be kept, memory stays bounded.
      if (s.kept.length < KEEP) s.kept.push(ms)
      else {
        const j = Math.floor(Math.random() * s.asked)
        if (j < KEEP) s.kept[j] = ms
      }
    }
  }
  await Promise.all(Array.from({ length: o.clients }, (_, c) => client(c)))
  const out = {} as Record<QueryName, QueryLatency | null>
  for (const n of Object.keys(queries) as QueryName[]) {
    const s = samples.get(n)
    out[n] = s && s.asked > 0 ? { ...summarize(s.kept), asked: s.asked } : null
  }
  return out
}
