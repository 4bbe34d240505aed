// Device footprint (issue 3): a CLI device (the bundled thin client, `node dist/cli/main.js device`) against the demo's
// station 1, through a byte-counting TCP proxy. VmRSS, the peak (VmHWM) and CPU from /proc; network to and from the
// station. Idle for 10 s, then 20 discharges through its local API, then (FP_BACKGROUND) the same while another
// station's device discharges back to back, to show the device's traffic does not follow the chain's.
// The proxy also splits the bytes by HTTP exchange (method and path, ids folded; `byExchange`, per discharge in the
// loops). On the compressed link (the default) they all belong to `GET /api/link`, one per connection; set
// FP_PLAIN_LINK=1 to run the device with --plain-link and see each exchange on its own.
// The demo's stations serve HTTPS and the device is given the demo's CA (--ca); FP_NO_TLS=1 runs both in plain HTTP,
// to see what TLS costs the device (the proxy then also sees each exchange; over TLS it sees only connections).
// Run: npm run build && node --import tsx scripts/measure-device-footprint.mts
// Set FP_NODE_OPTIONS to try Node/V8 flags on the device process (NODE_OPTIONS allows only some).
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'
import { getAddress } from 'viem'
import { startDemo } from '../src/rich/startDemo.ts'
import { dischargeCall } from '../src/sdk/calls/dischargeCall.ts'
import { registerEVOwnerCall } from '../src/sdk/calls/registerEVOwnerCall.ts'
import { writeBatteryFile } from '../src/thin/usb/writeBatteryFile.ts'
import { readBatteryFile } from '../src/thin/usb/readBatteryFile.ts'
import { demoBattery } from '../src/rich/demoBatteries.ts'

const dir = mkdtempSync('/tmp/fp-')
const tls = !process.env.FP_NO_TLS
const demo = await startDemo({ dir: join(dir, 'demo'), basePort: 25100, quiet: true, tls })
const upstream = new URL(demo.urls.station1.split('/#')[0]!)
let bytes = 0
/** Bytes by exchange: each connection's bytes go to the request it carries now (one at a time per connection). */
let byExchange = new Map<string, { count: number; up: number; down: number }>()
const exchangeOf = (line: string) => line.replace(/\?.*$/, '?…').replace(/0x[0-9a-fA-F]{40}/g, '<addr>').replace(/\/\d+(\/|$)/g, '/<id>$1')
const count = (kind: string, up: number, down: number, requests = 0) => {
  const t = byExchange.get(kind) ?? { count: 0, up: 0, down: 0 }
  byExchange.set(kind, { count: t.count + requests, up: t.up + up, down: t.down + down })
}
/** Connections the device opened (each a TCP and, over TLS, a TLS handshake). */
let connections = 0
const proxy = createServer((c) => {
  connections++
  const u = connect(Number(upstream.port), upstream.hostname)
  let current = 'connection'
  c.on('data', (d) => {
    const m = /^(GET|POST) (\S+) HTTP/.exec(d.toString('latin1', 0, 300))
    if (m) count((current = exchangeOf(`${m[1]} ${m[2]}`)), 0, 0, 1)
    count(current, d.length, 0)
    bytes += d.length
    u.write(d)
  })
  u.on('data', (d) => void (count(current, 0, d.length), (bytes += d.length), c.write(d)))
  for (const s of [c, u]) s.on('error', () => {}).on('close', () => (c.destroy(), u.destroy()))
}).listen(0, '127.0.0.1')
/** The exchanges since the last call, bytes divided by `per`. */
const exchanges = (per = 1) => {
  const out = Object.fromEntries([...byExchange].sort((a, b) => b[1].up + b[1].down - a[1].up - a[1].down).map(([k, t]) => [k, { requests: t.count, upBytes: Math.round(t.up / per), downBytes: Math.round(t.down / per) }]))
  byExchange = new Map()
  return out
}
await new Promise((r) => proxy.once('listening', r))
const station = `${tls ? 'https' : 'http'}://127.0.0.1:${(proxy.address() as { port: number }).port}`

const dev = join(dir, 'dev'); const usb = join(dev, 'usb'); mkdirSync(join(usb, 'B'), { recursive: true })
writeBatteryFile(join(usb, 'B', 'battery information.json'), demoBattery('NIO', { kWh: 50, socPercent: 80, price: 5000, year: 2026, month: 1 }))
const env = { ...process.env, EVSWAP_PASSPHRASE: 'fp', NODE_OPTIONS: process.env.FP_NODE_OPTIONS ?? '' }
const address = getAddress(execFileSync(process.execPath, ['dist/cli/main.js', 'device', 'address', '--dir', dev], { env }).toString().trim())
await demo.devices.super.agent.operate(registerEVOwnerCall(demo.devices.super.agent.deployment(), { account: address, evId: 9 }))
const p = spawn(process.execPath, ['dist/cli/main.js', 'device', '--dir', dev, '--slot', usb, '--station', station, '--port', '25190', ...(tls ? ['--ca', demo.tls.caFile] : []), ...(process.env.FP_PLAIN_LINK ? ['--plain-link'] : [])], { env, stdio: ['ignore', 'pipe', 'inherit'] })
await new Promise<void>((r) => p.stdout!.on('data', (c) => String(c).includes('local API') && r()))
const sample = () => {
  const s = readFileSync(`/proc/${p.pid}/status`, 'utf8'); const st = readFileSync(`/proc/${p.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return { rss: Number(/VmRSS:\s+(\d+)/.exec(s)![1]) / 1024, peak: Number(/VmHWM:\s+(\d+)/.exec(s)![1]) / 1024, cpu: (Number(st[11]) + Number(st[12])) / 100 }
}
const atStart = sample()
let id: number | null = null
while (!id) { await new Promise((r) => setTimeout(r, 300)); const r = readBatteryFile(join(usb, 'B', 'battery information.json')); id = r.ok ? r.battery.batteryId : null }
await new Promise((r) => setTimeout(r, 2000)) // the registration's aftermath (the stream reopened with the new battery)
const token = readFileSync(join(dev, 'api-token'), 'utf8').trim()
const max = (a: number[]) => Math.max(...a).toFixed(1), mean = (a: number[]) => (a.reduce((x, y) => x + y, 0) / a.length).toFixed(1)

async function idle(seconds: number) {
  const t0 = sample(); bytes = 0; connections = 0; exchanges(); const rss: number[] = []
  for (let i = 0; i < seconds * 2; i++) { await new Promise((r) => setTimeout(r, 500)); rss.push(sample().rss) }
  const t1 = sample()
  return { seconds, rssMeanMB: mean(rss), rssMaxMB: max(rss), cpuPercent: (((t1.cpu - t0.cpu) / seconds) * 100).toFixed(2), networkKB: (bytes / 1024).toFixed(1), newConnections: connections }
}
async function loop(n: number) {
  const t0 = sample(); bytes = 0; connections = 0; exchanges(); const rss: number[] = []
  const timer = setInterval(() => rss.push(sample().rss), 250)
  for (let i = 0; i < n; i++) {
    const res = await fetch('http://127.0.0.1:25190/api/device/discharge', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ batteryId: id, energyWh: 40_000, socPermille: 800, duration: 60 }) })
    if (!res.ok) throw new Error(await res.text())
  }
  await new Promise((r) => setTimeout(r, 1500)) // the last operation's event on the stream
  clearInterval(timer); const t1 = sample()
  return { discharges: n, rssMeanMB: mean(rss), rssMaxMB: max(rss), cpuSeconds: (t1.cpu - t0.cpu).toFixed(2), networkKBPerDischarge: (bytes / 1024 / n).toFixed(2), newConnections: connections, byExchange: exchanges(n) }
}

const result: Record<string, unknown> = { link: process.env.FP_PLAIN_LINK ? 'plain HTTP' : 'compressed', tls, startRssMB: atStart.rss.toFixed(1), startUpByExchange: exchanges() }
try {
  result.idle = await idle(10)
  result.dischargeLoop = await loop(20)
  if (process.env.FP_BACKGROUND) {
    // Other traffic on the chain: station 2's device discharges its own battery back to back.
    const st2 = demo.devices.station2.device.agent
    const b = st2.batteries().find((x) => x.batteryId !== null)!.batteryId!
    let busy = true
    const background = (async () => {
      while (busy) await st2.operate(dischargeCall(st2.deployment(), { batteryId: b, energyWh: 10_000, socPermille: 500, duration: 1 }), { batteryId: b })
    })()
    result.busyChain = { idle: await idle(10), dischargeLoop: await loop(20) }
    busy = false
    await background
  }
  result.peakRssMB = sample().peak.toFixed(1)
  console.log(JSON.stringify(result))
} finally {
  p.kill('SIGTERM'); proxy.close(); await demo.stop(); rmSync(dir, { recursive: true, force: true })
}
