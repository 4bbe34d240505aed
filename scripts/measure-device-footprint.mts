// Device footprint (issue 3): a CLI device (the bundled thin client) against the demo's station 1; VmRSS and CPU from /proc,
// idle for 10 s and during 20 discharges through its local API. Run: npm run build && node --import tsx scripts/measure-device-footprint.mts
// Set FP_NODE_OPTIONS to try V8 flags on the device process.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { getAddress } from 'viem'
import { startDemo } from '../src/rich/startDemo.ts'
import { registerEVOwnerCall } from '../src/sdk/calls/registerEVOwnerCall.ts'
import { writeBatteryFile } from '../src/thin/usb/writeBatteryFile.ts'
import { readBatteryFile } from '../src/thin/usb/readBatteryFile.ts'
import { demoBattery } from '../src/rich/demoBatteries.ts'
const dir = mkdtempSync('/tmp/fp-')
const demo = await startDemo({ dir: join(dir, 'demo'), basePort: 25100, quiet: true })
const dev = join(dir, 'dev'); const usb = join(dev, 'usb'); mkdirSync(join(usb, 'B'), { recursive: true })
writeBatteryFile(join(usb, 'B', 'battery information.json'), demoBattery('NIO', { kWh: 50, socPercent: 80, price: 5000, year: 2026, month: 1 }))
const env = { ...process.env, EVSWAP_PASSPHRASE: 'fp', NODE_OPTIONS: process.env.FP_NODE_OPTIONS ?? '' }
const address = getAddress(execFileSync(process.execPath, ['dist/cli/main.js', 'device', 'address', '--dir', dev], { env }).toString().trim())
await demo.devices.super.agent.operate(registerEVOwnerCall(demo.devices.super.agent.deployment(), { account: address, evId: 9 }))
const p = spawn(process.execPath, ['dist/cli/main.js', 'device', '--dir', dev, '--slot', usb, '--station', demo.urls.station1.split('/#')[0]!, '--port', '25190'], { env, stdio: ['ignore', 'pipe', 'inherit'] })
await new Promise<void>((r) => p.stdout!.on('data', (c) => String(c).includes('local API') && r()))
const sample = () => { const s = readFileSync(`/proc/${p.pid}/status`, 'utf8'); const st = readFileSync(`/proc/${p.pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return { rss: Number(/VmRSS:\s+(\d+)/.exec(s)![1]) / 1024, cpu: (Number(st[11]) + Number(st[12])) / 100 } }
let id: number | null = null
while (!id) { await new Promise((r) => setTimeout(r, 300)); const r = readBatteryFile(join(usb, 'B', 'battery information.json')); id = r.ok ? r.battery.batteryId : null }
const token = readFileSync(join(dev, 'api-token'), 'utf8').trim()
const t0 = sample(); const idle: number[] = []
for (let i = 0; i < 20; i++) { await new Promise((r) => setTimeout(r, 500)); idle.push(sample().rss) }
const t1 = sample(); const busy: number[] = []
const timer = setInterval(() => busy.push(sample().rss), 250)
const b = await demo.devices.super.agent.get<{ dynamicInfo: { energyWh: number; socPermille: number } }>(`/api/batteries/${id}`)
for (let i = 0; i < 20; i++) {
  const res = await fetch('http://127.0.0.1:25190/api/device/discharge', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ batteryId: id, energyWh: b.dynamicInfo.energyWh, socPermille: b.dynamicInfo.socPermille, duration: 60 }) })
  if (!res.ok) throw new Error(await res.text())
}
clearInterval(timer); const t2 = sample()
const max = (a: number[]) => Math.max(...a).toFixed(1), mean = (a: number[]) => (a.reduce((x, y) => x + y, 0) / a.length).toFixed(1)
console.log(JSON.stringify({ idle: { rssMeanMB: mean(idle), rssMaxMB: max(idle), cpuPercent: (((t1.cpu - t0.cpu) / 10) * 100).toFixed(2) }, dischargeLoop: { discharges: 20, rssMeanMB: mean(busy), rssMaxMB: max(busy), cpuSeconds: (t2.cpu - t1.cpu).toFixed(2) } }))
p.kill('SIGTERM'); await demo.stop()
