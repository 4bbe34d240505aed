// What verification costs a device on a real geth Clique network of N signers (issue 15's budgets): an EV
// device with one battery runs K discharges through one station. For each, printed one per line and then as
// p50/p95:
// - the time from asking until the station's relay told the outcome ("included", `includedMs` of the result:
//   what a device could show at once) and until the outcome was proven ("verified": the forwarder nonce and
//   the battery's record at a block a quorum of signers built on). Budget: p50 of verified within
//   floor(N/2)+1 block periods plus 0.5 s.
// - the bytes on the device's link, counted by a TCP proxy between the device and its station: everything
//   that crossed the wire, relay exchange, event stream and consistency check included (budget 12 KB). The
//   device speaks the compressed link (docs/api.md section 3) as `evswap device` does; --plain-link runs it
//   in plain HTTP instead (`evswap device --plain-link`), to see what the link saves. Beside it, the JSON of
//   the headers and proofs alone, before any compression (`prover.bytesFetched()`).
// - the time the device spent checking headers and proofs (`prover.checkTime()`: decoding and hashing headers,
//   recovering their seals, verifying the tries; src/thin/verify/startCheckClock.ts). Those checks await no
//   I/O, so the station, which runs in this same process, cannot run meanwhile: their wall time, on an idle
//   machine, is the CPU of the thread running them. Beside it the process's CPU meanwhile, which adds V8's
//   helper threads and this process's other threads (the station's compression among them): an upper bound.
//   Budget 30 ms per operation.
// --no-opt runs this process's JavaScript as `evswap device` runs its own, without V8's optimizing compiler
// (src/thin/optimizingCompiler.ts): the station in this process too, so use it for the device's CPU, not its times.
// --others M first registers M other EVs with a battery each (as bench paper's background load does with 450):
// proofs grow with the state they come from, one trie level per 16-fold.
// Each of the N nodes has its sealing refreshed, as `evswap station --network` does (docs/network.md, "Late
// transactions"). Each discharge's window runs until the device has drained (its consistency check after the outcome is done),
// so its bytes and checks are its own. Resident memory is not printed: the station server, its index and the
// viem clients share this process with the agent; `bench paper` samples the device as a process of its own.
// Run: node --import tsx scripts/measure-verified-discharge.mts [N, default 4] [K, default 10] [--plain-link] [--no-opt] [--others M]
// (needs tools/bin/geth)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createPublicClient, createWalletClient, http, type PublicClient } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { initNetwork, pickPortBases, readDeployerKey, refreshSealingWork, startNetwork, stopNetwork } from '../src/network/index.ts'
import { demoBattery } from '../src/rich/demoBatteries.ts'
import { dischargeCall } from '../src/sdk/calls/dischargeCall.ts'
import { grantECoinCall } from '../src/sdk/calls/grantECoinCall.ts'
import { registerBatteryCall } from '../src/sdk/calls/registerBatteryCall.ts'
import { registerEVOwnerCall } from '../src/sdk/calls/registerEVOwnerCall.ts'
import { deployEvswap } from '../src/sdk/deployEvswap.ts'
import { signForwardRequest } from '../src/sdk/forwarder/signForwardRequest.ts'
import { sendCall } from '../src/sdk/sendCall.ts'
import { createDeviceAgent } from '../src/thin/agent/createDeviceAgent.ts'
import { useCompressedLink } from '../src/thin/http/openHttpResponse.ts'
import { optimizingCompiler } from '../src/thin/optimizingCompiler.ts'
import { BATTERY_FILE_NAME } from '../src/thin/usb/batteryRecord.ts'
import { writeBatteryFile } from '../src/thin/usb/writeBatteryFile.ts'
import { executeBatches } from '../bench/lib/chainTx.ts'
import { startGethStation } from '../test/helpers/startGethStation.ts'

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'plain-link': { type: 'boolean' }, 'no-opt': { type: 'boolean' }, others: { type: 'string' } } })
const plain = values['plain-link'] ?? false
const others = Number(values.others ?? 0)
const [n = 4, k = 10] = positionals.map(Number)
if (plain) useCompressedLink(false)
if (values['no-opt']) optimizingCompiler.disable()
const dir = mkdtempSync(join(tmpdir(), 'evswap-verified-'))
const net = await initNetwork({ stations: n, dir: join(dir, 'network'), ports: (await pickPortBases(n)).bases })
await startNetwork(net)
// What `evswap station --network` runs beside each station's node: a request goes into its own slot's block.
const refreshers = net.stations.map((s) => refreshSealingWork(s, { period: net.period }))
try {
  const transport = http(net.stations[0]!.httpUrl)
  const client = createPublicClient({ transport, pollingInterval: 250 }) as PublicClient
  const deployer = createWalletClient({ account: privateKeyToAccount(await readDeployerKey(net)), transport })
  const deployment = await deployEvswap({ publicClient: client, walletClient: deployer, superAccount: deployer.account.address, recordPath: join(net.dir, 'deployment.json') })
  const station = await startGethStation(net, client, deployment)
  // Every byte between the device and its station, both ways, as TCP payload (compressed on the link).
  let wire = 0
  const upstream = new URL(station.url)
  const proxy = createServer((c) => {
    const u = connect(Number(upstream.port), upstream.hostname)
    c.on('data', (d) => void ((wire += d.length), u.write(d)))
    u.on('data', (d) => void ((wire += d.length), c.write(d)))
    for (const s of [c, u]) s.on('error', () => {}).on('close', () => (c.destroy(), u.destroy()))
  }).listen(0, '127.0.0.1')
  await new Promise((r) => proxy.once('listening', r))
  if (others > 0) {
    // Relayed in batches by the deployer (the super account): their registrations, then each one's battery.
    const keys = Array.from({ length: others }, () => privateKeyToAccount(generatePrivateKey()))
    const deadline = Math.floor(Date.now() / 1000) + 3600
    const owners = keys.map((key, i) => signForwardRequest({ account: deployer.account, deployment, call: registerEVOwnerCall(deployment, { account: key.address, evId: 1000 + i }), nonce: BigInt(i), deadline }))
    await executeBatches(deployer, client, deployment, await Promise.all(owners))
    const other = demoBattery('OTH', { kWh: 60, socPercent: 100, price: 6000, year: 2025, month: 6 })
    const x = other.dynamicInfo
    const reading = { energyWh: x.energyWh, socPermille: x.socPermille, chargingCount: x.chargingCount, dischargingCount: x.dischargingCount, chargingTotalTime: x.chargingTotalTime, dischargingTotalTime: x.dischargingTotalTime }
    const tag = (i: number) => `0x${(0xb0000 + i).toString(16).padStart(64, '0')}` as const
    const batteries = keys.map((key, i) => signForwardRequest({ account: key, deployment, call: registerBatteryCall(deployment, { staticInfo: other.staticInfo, reading, tag: tag(i) }), nonce: 0n, deadline }))
    await executeBatches(deployer, client, deployment, await Promise.all(batteries))
  }
  const account = privateKeyToAccount(generatePrivateKey())
  for (const call of [registerEVOwnerCall(deployment, { account: account.address, evId: 1 }), grantECoinCall(deployment, { to: account.address, amount: 100_00n })]) {
    await client.waitForTransactionReceipt({ hash: await sendCall(deployer, call) })
  }
  const usb = join(dir, 'ev', 'usb')
  mkdirSync(join(usb, 'EV-1'), { recursive: true })
  writeBatteryFile(join(usb, 'EV-1', BATTERY_FILE_NAME), demoBattery('VER', { kWh: 60, socPercent: 100, price: 5000, year: 2026, month: 1 }))
  const stationUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`
  const agent = await createDeviceAgent({ dir: join(dir, 'ev'), slots: [usb], stations: [stationUrl], account })
  await agent.start()
  await agent.drain()
  const battery = agent.batteries()[0]!.batteryId!
  const signers = agent.prover.signers()
  if (!signers) throw new Error('the device verifies no quorum: its station serves no Clique signer set')
  const rows: { includedMs: number; verifiedMs: number; wire: number; json: number; checkMs: number; checkCpuMs: number }[] = []
  const loopFrom = { wire, json: agent.prover.bytesFetched() }
  for (let i = 0; i < k; i++) {
    const before = { wire, json: agent.prover.bytesFetched(), check: agent.prover.checkTime() }
    const t0 = performance.now()
    const r = await agent.operate(dischargeCall(deployment, { batteryId: battery, energyWh: 59_000 - i * 1000, socPermille: 980 - i * 10, duration: 60 }), { batteryId: battery })
    const verifiedMs = performance.now() - t0
    if (r.status !== 'confirmed') throw new Error(`discharge ${i + 1}: ${r.error}`)
    await agent.drain()
    const check = agent.prover.checkTime()
    const row = {
      includedMs: r.includedMs ?? Number.NaN,
      verifiedMs,
      wire: wire - before.wire,
      json: agent.prover.bytesFetched() - before.json,
      checkMs: check.wallMs - before.check.wallMs,
      checkCpuMs: check.cpuMs - before.check.cpuMs,
    }
    rows.push(row)
    console.log(
      `discharge ${i + 1}: included ${row.includedMs.toFixed(0)} ms, verified ${row.verifiedMs.toFixed(0)} ms (block ${r.blockNumber}); ` +
        `${row.wire} B on the wire, ${row.json} B of headers and proofs (JSON); checks ${row.checkMs.toFixed(2)} ms (process CPU ${row.checkCpuMs.toFixed(2)} ms)`,
    )
  }
  const loop = { wire: wire - loopFrom.wire, json: agent.prover.bytesFetched() - loopFrom.json }
  await agent.stop()
  await station.close()
  proxy.close()
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)
  const pct = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!
  const line = (name: string, xs: number[], unit: string, digits = 0) =>
    `${name}: p50 ${pct(xs, 50).toFixed(digits)} ${unit}, p95 ${pct(xs, 95).toFixed(digits)} ${unit}, max ${sorted(xs).at(-1)!.toFixed(digits)} ${unit}`
  const budget = (Math.floor(n / 2) + 1) * net.period * 1000 + 500
  console.log(`\nsigners ${n} (the device accepts a block at ${Math.floor(signers.signers.length / 2) + 1} of ${signers.signers.length}), block period ${net.period} s, ${k} verified discharges, ${plain ? 'plain HTTP' : 'compressed link'}${values['no-opt'] ? ', --no-opt' : ''}${others ? `, ${others} other EVs' batteries` : ''}`)
  console.log(`${line('until included', rows.map((r) => r.includedMs), 'ms')}`)
  console.log(`${line('until verified', rows.map((r) => r.verifiedMs), 'ms')} (budget p50 ${budget} ms)`)
  console.log(`${line('verification after inclusion', rows.map((r) => r.verifiedMs - r.includedMs), 'ms')}`)
  console.log(`${line(`on the wire (${plain ? 'plain HTTP' : 'compressed link'})`, rows.map((r) => r.wire), 'B')}; whole loop ${(loop.wire / k).toFixed(0)} B per discharge (budget 12 KB = 12288 B)`)
  console.log(`${line('headers and proofs (JSON)', rows.map((r) => r.json), 'B')}; whole loop ${(loop.json / k).toFixed(0)} B per discharge`)
  console.log(`${line('checking headers and proofs', rows.map((r) => r.checkMs), 'ms', 2)} (budget 30 ms of CPU per operation)`)
  console.log(`${line('the process\'s CPU meanwhile', rows.map((r) => r.checkCpuMs), 'ms', 2)}`)
} finally {
  for (const r of refreshers) r.stop()
  await stopNetwork(net, { timeoutMs: 5000 }).catch(() => {})
  rmSync(dir, { recursive: true, force: true })
}
