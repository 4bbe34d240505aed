import { execFile } from 'node:child_process'
import { clockTicksPerSecond, readProcStat } from './procStat.js'
import { parseSs } from './parseSs.js'

/** A process to watch. Sockets whose local or peer port is in `internalPorts` stay inside the device. */
export type SampleTarget = { key: string; pid: number; internalPorts?: readonly number[]; labels?: Record<string, string> }

/** One observation of one process. Byte counts are cumulative since the target was added. */
export type ProcessSample = {
  /** Milliseconds since the sampler started. */
  t: number
  key: string
  pid: number
  /** CPU over the last interval, percent of one core (200 = two cores busy). */
  cpuPercent: number
  /** CPU time the process has used since it started (user + system). */
  cpuSeconds: number
  rssKb: number
  /** Proportional set size and unique (private) set size, from smaps_rollup. */
  pssKb: number
  ussKb: number
  /** TCP payload bytes to and from outside the device (for this benchmark: its station). */
  sentBytes: number
  receivedBytes: number
  /** TCP payload bytes between processes of the device itself, over loopback (app <-> local node, UI). */
  internalSentBytes: number
  internalReceivedBytes: number
  labels: Record<string, string>
}

export type ProcessSampler = {
  add(target: SampleTarget): void
  remove(key: string): void
  /** Labels added to every later sample (e.g. the phase of the scenario): of the targets whose key starts with `prefix`, or of all. */
  tag(labels: Record<string, string>, prefix?: string): void
  /** Milliseconds since the sampler started. */
  now(): number
  readonly samples: ProcessSample[]
  stop(): Promise<void>
}

type Tracked = {
  target: SampleTarget
  extra: Record<string, string>
  prev?: { ticks: number; at: number }
  sockets: Map<string, { sent: number; received: number; internal: boolean }>
  closed: { sent: number; received: number; internalSent: number; internalReceived: number }
}

const runSs = () =>
  new Promise<string>((resolve) => {
    execFile('ss', ['-tinpH'], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => resolve(error ? '' : stdout))
  })

/**
 * Samples CPU, resident memory and TCP bytes of a changing set of processes every `intervalMs` (250 ms):
 * CPU from utime+stime deltas in /proc/<pid>/stat, memory from VmRSS, bytes from the tcp_info of every
 * socket `ss -tinp` shows as held by the pid. A socket's count is kept after it closes, so only a socket
 * opened and closed between two samples is missed. `network: false` skips the sockets (CPU and memory only).
 *
 * @example
 * const sampler = createProcessSampler({ intervalMs: 250 })
 * sampler.add({ key: 'device', pid: child.pid!, internalPorts: [7100] })
 * ...
 * await sampler.stop()
 */
export function createProcessSampler(o: { intervalMs?: number; network?: boolean } = {}): ProcessSampler {
  const intervalMs = o.intervalMs ?? 250
  const hz = clockTicksPerSecond()
  const t0 = performance.now()
  const tracked = new Map<string, Tracked>()
  const samples: ProcessSample[] = []
  let labels: Record<string, string> = {}
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined

  async function tick(): Promise<void> {
    if (tracked.size === 0) return
    const sockets = o.network === false ? [] : parseSs(await runSs())
    const at = performance.now()
    for (const tr of tracked.values()) {
      const { pid } = tr.target
      const stat = readProcStat(pid)
      if (!stat) continue
      const internalPorts = new Set(tr.target.internalPorts ?? [])
      const seen = new Set<string>()
      for (const s of sockets) {
        if (!s.pids.includes(pid)) continue
        const id = `${s.local}|${s.peer}`
        seen.add(id)
        const internal = internalPorts.has(s.localPort) || internalPorts.has(s.peerPort)
        const before = tr.sockets.get(id)
        if (before && (s.bytesSent < before.sent || s.bytesReceived < before.received)) retire(tr, before)
        tr.sockets.set(id, { sent: s.bytesSent, received: s.bytesReceived, internal })
      }
      for (const [id, s] of tr.sockets) {
        if (!seen.has(id)) {
          retire(tr, s)
          tr.sockets.delete(id)
        }
      }
      let cpuPercent = 0
      if (tr.prev) cpuPercent = ((stat.cpuTicks - tr.prev.ticks) / hz / ((at - tr.prev.at) / 1000)) * 100
      tr.prev = { ticks: stat.cpuTicks, at }
      const totals = { ...tr.closed }
      for (const s of tr.sockets.values()) {
        if (s.internal) {
          totals.internalSent += s.sent
          totals.internalReceived += s.received
        } else {
          totals.sent += s.sent
          totals.received += s.received
        }
      }
      samples.push({
        t: Math.round(at - t0),
        key: tr.target.key,
        pid,
        cpuPercent: Math.max(0, Math.round(cpuPercent * 10) / 10),
        cpuSeconds: stat.cpuTicks / hz,
        rssKb: stat.rssKb,
        pssKb: stat.pssKb,
        ussKb: stat.ussKb,
        sentBytes: totals.sent,
        receivedBytes: totals.received,
        internalSentBytes: totals.internalSent,
        internalReceivedBytes: totals.internalReceived,
        labels: { ...(tr.target.labels ?? {}), ...labels, ...tr.extra },
      })
    }
  }

  function retire(tr: Tracked, s: { sent: number; received: number; internal: boolean }) {
    if (s.internal) {
      tr.closed.internalSent += s.sent
      tr.closed.internalReceived += s.received
    } else {
      tr.closed.sent += s.sent
      tr.closed.received += s.received
    }
  }

  const schedule = () => {
    if (stopped) return
    const started = performance.now()
    running = tick()
      .catch(() => {})
      .finally(() => {
        if (!stopped) timer = setTimeout(schedule, Math.max(0, intervalMs - (performance.now() - started)))
      })
  }
  timer = setTimeout(schedule, 0)

  return {
    add(target) {
      tracked.set(target.key, { target, extra: {}, sockets: new Map(), closed: { sent: 0, received: 0, internalSent: 0, internalReceived: 0 } })
    },
    remove(key) {
      tracked.delete(key)
    },
    tag(next, prefix) {
      if (prefix === undefined) labels = { ...next }
      else for (const tr of tracked.values()) if (tr.target.key.startsWith(prefix)) tr.extra = { ...tr.extra, ...next }
    },
    now: () => Math.round(performance.now() - t0),
    samples,
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
    },
  }
}
