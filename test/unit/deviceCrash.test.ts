// kill -9 of a device agent with requests in its outbox loses none and applies none twice (docs/architecture.md, "Serial outbox per device": every
// request is durable before it is sent and removed only when its receipt is seen).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getAddress } from 'viem'
import { startDemo, type Demo } from '../../src/rich/startDemo.js'
import { registerEVOwnerCall } from '../../src/sdk/calls/registerEVOwnerCall.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { writeBatteryFile } from '../../src/thin/usb/writeBatteryFile.js'
import { readBatteryFile } from '../../src/thin/usb/readBatteryFile.js'
import { BATTERY_FILE_NAME } from '../../src/thin/usb/batteryRecord.js'
import { demoBattery } from '../../src/rich/demoBatteries.js'
import { freePortRange } from '../helpers/freePort.js'
import { readSse } from '../../src/thin/agent/readSse.js'

const root = new URL('../..', import.meta.url).pathname
const cli = join(root, 'dist/cli/main.js')
const env = { ...process.env, EVSWAP_PASSPHRASE: 'crash-test' }
let demo: Demo
let dir: string
let port: number
let child: ChildProcess | undefined

before(async () => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' })
  dir = mkdtempSync(join(tmpdir(), 'evswap-crash-'))
  const base = await freePortRange(6)
  port = base + 5
  demo = await startDemo({ dir: join(dir, 'demo'), basePort: base, quiet: true })
})
after(async () => {
  child?.kill('SIGKILL')
  await demo?.stop()
  rmSync(dir, { recursive: true, force: true })
})

function startAgent(deviceDir: string, usb: string): Promise<ChildProcess> {
  const stations = [demo.urls.station1, demo.urls.station2].map((u) => u.split('/#')[0]!)
  const p = spawn(process.execPath, [cli, 'device', '--dir', deviceDir, '--slot', usb, ...stations.flatMap((s) => ['--station', s]), '--ca', demo.tls.caFile, '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((res, rej) => {
    let out = ''
    p.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      if (out.includes('local API and GUI')) res(p)
    })
    p.once('exit', (code) => rej(new Error(`device exited with ${code}: ${out}`)))
  })
}

async function api<T>(deviceDir: string, method: string, path: string, body?: unknown): Promise<T> {
  const token = readFileSync(join(deviceDir, 'api-token'), 'utf8').trim()
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  return (await res.json()) as T
}

test('kill -9 with requests in the outbox: after restart every request applies exactly once', async () => {
  const deviceDir = join(dir, 'ev2')
  const usb = join(deviceDir, 'usb')
  mkdirSync(join(usb, 'NIO-1'), { recursive: true })
  writeBatteryFile(join(usb, 'NIO-1', BATTERY_FILE_NAME), demoBattery('NIO', { kWh: 50, socPercent: 80, price: 5000, year: 2026, month: 1 }))
  const address = getAddress(execFileSync(process.execPath, [cli, 'device', 'address', '--dir', deviceDir], { env }).toString().trim())
  const sup = demo.devices.super.agent
  assert.equal((await sup.operate(registerEVOwnerCall(sup.deployment(), { account: address, evId: 2 }))).status, 'confirmed')
  assert.equal((await sup.operate(grantECoinCall(sup.deployment(), { to: address, amount: 100_00n }))).status, 'confirmed')

  child = await startAgent(deviceDir, usb)
  // Initialization: wait until the battery has its id.
  const id = await waitForDevice(deviceDir, async () => {
    const r = readBatteryFile(join(usb, 'NIO-1', BATTERY_FILE_NAME))
    return r.ok ? r.battery.batteryId : null
  })
  const before = await sup.get<{ dynamicInfo: { dischargingCount: number; energyWh: number; socPermille: number } }>(`/api/batteries/${id}`)

  const N = 6
  const body = { batteryId: id, energyWh: before.dynamicInfo.energyWh, socPermille: before.dynamicInfo.socPermille, duration: 60 }
  const pending = Array.from({ length: N }, () => api(deviceDir, 'POST', '/api/device/discharge', body).catch(() => undefined))
  // Kill as soon as the outbox holds work, before it is drained.
  for (;;) {
    const s = await api<{ outbox: unknown[] }>(deviceDir, 'GET', '/api/device')
    if (s.outbox.length >= N - 1) break
  }
  child.kill('SIGKILL')
  await Promise.all(pending)
  const left = readdirCount(join(deviceDir, 'outbox'))
  assert.ok(left > 0, 'the kill left requests in the outbox')

  child = await startAgent(deviceDir, usb)
  await waitForDevice(deviceDir, async () => (await api<{ outbox: unknown[] }>(deviceDir, 'GET', '/api/device')).outbox.length === 0)
  const after = await sup.get<{ dynamicInfo: { dischargingCount: number } }>(`/api/batteries/${id}`)
  assert.equal(after.dynamicInfo.dischargingCount, before.dynamicInfo.dischargingCount + N, 'each of the N discharges applied exactly once')
})

/** Re-evaluates `predicate` on each state event the device pushes (its SSE stream) until it holds. */
async function waitForDevice<T>(deviceDir: string, predicate: () => Promise<T | null | false>, timeoutMs = 60_000): Promise<T> {
  const token = readFileSync(join(deviceDir, 'api-token'), 'utf8').trim()
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), timeoutMs)
  let wake: () => void = () => {}
  const stream = readSse(`http://127.0.0.1:${port}/api/device/events?token=${token}`, () => wake(), abort.signal).catch(() => {})
  try {
    for (;;) {
      const woke = new Promise<void>((res) => (wake = res))
      const v = await predicate()
      if (v) return v
      if (abort.signal.aborted) throw new Error('timed out waiting for the device')
      await Promise.race([woke, stream.then(() => { throw new Error('device event stream ended') })])
    }
  } finally {
    clearTimeout(timer)
    abort.abort()
  }
}

function readdirCount(d: string): number {
  try {
    return readdirSync(d).filter((f) => f.endsWith('.json')).length
  } catch {
    return 0
  }
}
