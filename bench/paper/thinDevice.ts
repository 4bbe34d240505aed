import { existsSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { ProcessSampler } from '../lib/createProcessSampler.js'
import { httpJson } from '../lib/httpJson.js'
import { spawnChild, type SpawnedChild, waitUntil } from '../lib/spawnChild.js'
import type { PaperDevice } from './PaperDevice.js'

type DeviceSnapshot = { batteries: { folder: string; batteryId: number | null }[]; outbox: unknown[]; alerts: { kind: string }[] }
type OperationResult = { status: string; includedMs?: number; error?: string; events?: { event: string; args: Record<string, unknown> }[] }

/**
 * The 3rd implementation (the paper's Fig. 8(c), ours): the device runs only the thin client,
 * `node dist/cli/main.js device`, as its own process; the benchmark drives it through its local API
 * (docs/api.md section 2) like its GUI would.
 *
 * @example
 * const ev = thinDevice({ root, dir, slot, stations: [s1, s2], port: 7100, passphrase, sampler })
 * await ev.start(); const id = await ev.registerBattery('EV-01')
 */
export function thinDevice(o: {
  root: string
  dir: string
  slot: string
  stations: string[]
  port: number
  passphrase: string
  sampler: ProcessSampler
  /** NODE_OPTIONS for the agent's process (e.g. a smaller V8 young generation); default none. */
  nodeOptions?: string
}): PaperDevice {
  const base = `http://127.0.0.1:${o.port}`
  let child: SpawnedChild | undefined
  let token = ''
  let exited: Promise<never> = new Promise(() => {})
  const api = async <T>(method: 'GET' | 'POST', path: string, body?: unknown) => {
    const r = await Promise.race([httpJson<T>(method, `${base}${path}`, body, token), exited])
    return r
  }
  return {
    impl: '3rd',
    async start() {
      const args = [join(o.root, 'dist', 'cli', 'main.js'), 'device', '--dir', o.dir, '--slot', o.slot, '--port', String(o.port)]
      for (const s of o.stations) args.push('--station', s)
      const env = { ...process.env, EVSWAP_PASSPHRASE: o.passphrase, ...(o.nodeOptions ? { NODE_OPTIONS: o.nodeOptions } : {}) }
      child = spawnChild(process.execPath, args, { logFile: join(o.dir, 'device.log'), env })
      o.sampler.add({ key: '3rd/agent', pid: child.pid, internalPorts: [o.port], labels: { impl: '3rd', process: 'agent' } })
      exited = child.exited.then((c) => {
        throw new Error(`the device agent exited (${c}); see ${join(o.dir, 'device.log')}`)
      })
      exited.catch(() => {})
      const tokenFile = join(o.dir, 'api-token')
      await waitUntil(
        'the device agent to answer',
        async () => {
          if (!existsSync(tokenFile)) return undefined
          token = readFileSync(tokenFile, 'utf8').trim()
          return (await api('GET', '/api/device')).status === 200 ? true : undefined
        },
        { timeoutMs: 60_000, intervalMs: 50 },
      )
    },
    async registerBattery(folder) {
      // The GUI's index page asks for a check; the USB watcher would notice the new disk on its own too.
      await api('POST', '/api/device/check')
      return waitUntil(
        `the thin client to register ${folder}`,
        async () => {
          const r = await api<DeviceSnapshot>('GET', '/api/device')
          if (r.status !== 200 || r.body.outbox.length > 0) return undefined
          return r.body.batteries.find((b) => basename(b.folder) === folder)?.batteryId ?? undefined
        },
        { timeoutMs: 120_000, intervalMs: 50 },
      )
    },
    async discharge(args) {
      const t0 = performance.now()
      const r = await api<OperationResult>('POST', '/api/device/discharge', args)
      const ms = performance.now() - t0
      const included = r.status === 200 && r.body.includedMs !== undefined ? { includedMs: r.body.includedMs } : {}
      return { ms, ok: r.status === 200 && r.body.status === 'confirmed', ...included, ...(r.status === 200 ? {} : { error: JSON.stringify(r.body).slice(0, 300) }) }
    },
    async requestSwap(evBatteryId, stationBatteryId) {
      const t0 = performance.now()
      const r = await api<OperationResult>('POST', '/api/device/swaps', { evBatteryId, stationBatteryId })
      const ms = performance.now() - t0
      const ev = r.body.events?.find((e) => e.event === 'SwapRequested')
      if (r.status !== 200 || !ev) throw new Error(`swap request failed: ${JSON.stringify(r.body).slice(0, 300)}`)
      return { ms, swapId: Number(ev.args.swapId) }
    },
    async check() {
      const r = await api<{ kind: string }[]>('POST', '/api/device/check')
      if (r.status !== 200) throw new Error(`check failed: ${JSON.stringify(r.body).slice(0, 300)}`)
      return r.body.map((a) => a.kind)
    },
    async stop() {
      o.sampler.remove('3rd/agent')
      await child?.stop()
    },
  }
}
