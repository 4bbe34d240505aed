// What verification costs a device on a real geth Clique network of N signers (issue 15's budgets): an EV
// device with one battery runs K discharges through one station; for each, the bytes of headers and proofs
// the device fetched (JSON, before the link's compression) and the time from asking until the outcome was
// proven. The budget for the time is floor(N/2)+1 block periods plus 0.5 s at p50.
// Run: node --import tsx scripts/measure-verified-discharge.mts [N, default 4] [K, default 10]   (needs tools/bin/geth)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPublicClient, createWalletClient, http, type PublicClient } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { initNetwork, pickPortBases, readDeployerKey, startNetwork, stopNetwork } from '../src/network/index.ts'
import { demoBattery } from '../src/rich/demoBatteries.ts'
import { dischargeCall } from '../src/sdk/calls/dischargeCall.ts'
import { grantECoinCall } from '../src/sdk/calls/grantECoinCall.ts'
import { registerEVOwnerCall } from '../src/sdk/calls/registerEVOwnerCall.ts'
import { deployEvswap } from '../src/sdk/deployEvswap.ts'
import { sendCall } from '../src/sdk/sendCall.ts'
import { createDeviceAgent } from '../src/thin/agent/createDeviceAgent.ts'
import { BATTERY_FILE_NAME } from '../src/thin/usb/batteryRecord.ts'
import { writeBatteryFile } from '../src/thin/usb/writeBatteryFile.ts'
import { startGethStation } from '../test/helpers/startGethStation.ts'

const n = Number(process.argv[2] ?? 4)
const k = Number(process.argv[3] ?? 10)
const dir = mkdtempSync(join(tmpdir(), 'evswap-verified-'))
const net = await initNetwork({ stations: n, dir: join(dir, 'network'), ports: (await pickPortBases(n)).bases })
await startNetwork(net)
try {
  const transport = http(net.stations[0]!.httpUrl)
  const client = createPublicClient({ transport, pollingInterval: 250 }) as PublicClient
  const deployer = createWalletClient({ account: privateKeyToAccount(await readDeployerKey(net)), transport })
  const deployment = await deployEvswap({ publicClient: client, walletClient: deployer, superAccount: deployer.account.address, recordPath: join(net.dir, 'deployment.json') })
  const station = await startGethStation(net, client, deployment)
  const account = privateKeyToAccount(generatePrivateKey())
  for (const call of [registerEVOwnerCall(deployment, { account: account.address, evId: 1 }), grantECoinCall(deployment, { to: account.address, amount: 100_00n })]) {
    await client.waitForTransactionReceipt({ hash: await sendCall(deployer, call) })
  }
  const usb = join(dir, 'ev', 'usb')
  mkdirSync(join(usb, 'EV-1'), { recursive: true })
  writeBatteryFile(join(usb, 'EV-1', BATTERY_FILE_NAME), demoBattery('VER', { kWh: 60, socPercent: 100, price: 5000, year: 2026, month: 1 }))
  const agent = await createDeviceAgent({ dir: join(dir, 'ev'), slots: [usb], stations: [station.url], account })
  await agent.start()
  await agent.drain()
  const battery = agent.batteries()[0]!.batteryId!
  const rows: { bytes: number; ms: number }[] = []
  for (let i = 0; i < k; i++) {
    const before = agent.prover.bytesFetched()
    const t0 = performance.now()
    const r = await agent.operate(dischargeCall(deployment, { batteryId: battery, energyWh: 59_000 - i * 1000, socPermille: 980 - i * 10, duration: 60 }), { batteryId: battery })
    if (r.status !== 'confirmed') throw new Error(`discharge ${i + 1}: ${r.error}`)
    rows.push({ ms: performance.now() - t0, bytes: agent.prover.bytesFetched() - before })
  }
  await agent.stop()
  await station.close()
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)
  const pct = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!
  const ms = rows.map((r) => r.ms)
  const bytes = rows.map((r) => r.bytes)
  const budget = (Math.floor(n / 2) + 1) * net.period * 1000 + 500
  console.log(`signers ${n}, block period ${net.period} s, ${k} verified discharges`)
  console.log(`until verified: p50 ${pct(ms, 50).toFixed(0)} ms, p95 ${pct(ms, 95).toFixed(0)} ms, max ${sorted(ms).at(-1)!.toFixed(0)} ms (budget p50 ${budget} ms)`)
  console.log(`headers and proofs fetched per discharge: p50 ${pct(bytes, 50)} B, max ${sorted(bytes).at(-1)} B (budget 12 KB on the link)`)
} finally {
  await stopNetwork(net, { timeoutMs: 5000 }).catch(() => {})
  rmSync(dir, { recursive: true, force: true })
}
