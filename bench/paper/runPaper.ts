import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Hex, parseEther } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { readRelayerKey } from '../../src/network/readRelayerKey.js'
import { resolveGethBinary } from '../../src/network/resolveGethBinary.js'
import { demoBattery } from '../../src/rich/demoBatteries.js'
import { findPackageRoot } from '../../src/rich/node/findPackageRoot.js'
import { refreshSealingWork } from '../../src/network/refreshSealingWork.js'
import { startStation, type StartedStation } from '../../src/rich/startStation.js'
import { approveSwapCall } from '../../src/sdk/calls/approveSwapCall.js'
import { chargeCall } from '../../src/sdk/calls/chargeCall.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { registerBatteryCall } from '../../src/sdk/calls/registerBatteryCall.js'
import { registerEVOwnerCall } from '../../src/sdk/calls/registerEVOwnerCall.js'
import { registerStationOperatorCall } from '../../src/sdk/calls/registerStationOperatorCall.js'
import { setEnergyPriceCall } from '../../src/sdk/calls/setEnergyPriceCall.js'
import { setFeeCall } from '../../src/sdk/calls/setFeeCall.js'
import { signForwardRequest } from '../../src/sdk/forwarder/signForwardRequest.js'
import { loadOrCreateDeviceKey } from '../../src/thin/keystore/loadOrCreateDeviceKey.js'
import { BATTERY_FILE_NAME, type BatteryRecord } from '../../src/thin/usb/batteryRecord.js'
import { writeBatteryFile } from '../../src/thin/usb/writeBatteryFile.js'
import { executeBatches, sendDirect } from '../lib/chainTx.js'
import { onCleanup, runCleanup } from '../lib/cleanup.js'
import { createProcessSampler } from '../lib/createProcessSampler.js'
import { machineInfo } from '../lib/machineInfo.js'
import { createProgressBar } from '../lib/progressBar.js'
import { pickPorts, startBenchNetwork } from '../lib/startBenchNetwork.js'
import { waitUntil } from '../lib/spawnChild.js'
import { analyzePaper, type ScenarioRecord } from './analyzePaper.js'
import { gethDevice, initGethDevice } from './gethDevice.js'
import type { PaperDevice } from './PaperDevice.js'
import { bundleApp2 } from './bundleApp2.js'
import { startBackgroundLoad } from './startBackgroundLoad.js'
import { thinClientVerification } from './thinClientVerification.js'
import { thinDevice } from './thinDevice.js'
import { writePaperOutputs } from './writePaperOutputs.js'

export type PaperOptions = {
  runs: number
  discharges: number
  stations: number
  outDir: string
  keep: boolean
  intervalMs: number
  footprintIdleSeconds: number
  footprintDischarges: number
  /** Other EVs' relayed discharges per second on the network while the scenario runs (0: none, the paper's setting). */
  backgroundOpsPerSecond: number
  /** NODE_OPTIONS for the devices' Node processes (the thin client, and the 2nd implementation's app); default none. */
  deviceNodeOptions?: string
  command: string
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const EV_START = { energyWh: 40_000, socPermille: 600 }

/**
 * The paper's experiment (section 3.4, Fig. 9 and 10) on the multi-station geth Clique network: two EVs
 * side by side, one on the 3rd implementation (thin client), one on the 2nd (non-mining geth + app), whose
 * processes run for the whole benchmark; the typical scenario (initialization of a newly plugged battery,
 * EV discharging, battery swapping, station charging) `runs` times, both EVs at once, while every device
 * process is sampled from /proc every `intervalMs`. Then the thin client's footprint idle and in a
 * discharge loop. Writes JSON, CSV, SVG and a markdown report to `outDir`.
 *
 * @example
 * await runPaper({ runs: 10, discharges: 3, stations: 2, outDir: 'bench/results', ... })
 */
export async function runPaper(o: PaperOptions): Promise<number> {
  const root = findPackageRoot()
  const startedAt = new Date().toISOString()
  const machine = machineInfo(root, resolveGethBinary())
  const work = mkdtempSync(join(tmpdir(), 'evswap-bench-paper-'))
  onCleanup('work folder', () => {
    if (!o.keep) rmSync(work, { recursive: true, force: true })
  })
  const bar = createProgressBar('paper')
  const log = (line: string) => bar.log(line)
  log(`evswap bench paper: ${o.runs} runs x 2 implementations, ${o.stations} stations; work folder ${work}`)
  try {
    const net = await startBenchNetwork({ stations: o.stations, dir: join(work, 'net'), log })
    const { network, deployment: d } = net
    const client = net.client(1)
    const deploymentFile = join(work, 'deployment.json')
    writeFileSync(deploymentFile, JSON.stringify(d))

    // ------------------------------------------------------------ accounts (super = the deployer)
    const passphrase = 'evswap-bench-only'
    const dirs = { ev3: join(work, 'ev3'), ev2: join(work, 'ev2'), stations: network.stations.map((s) => join(work, `station${s.index}`)) }
    const operators = await Promise.all(dirs.stations.map((dir) => loadOrCreateDeviceKey({ dir, passphrase })))
    const ev3 = await loadOrCreateDeviceKey({ dir: dirs.ev3, passphrase })
    const ev2Key: Hex = generatePrivateKey()
    const ev2 = privateKeyToAccount(ev2Key)
    await sendDirect(net.superWallet, client, [
      ...operators.map((a, i) => registerStationOperatorCall(d, { account: a.address, stationId: i + 1 })),
      registerEVOwnerCall(d, { account: ev3.address, evId: 1 }),
      registerEVOwnerCall(d, { account: ev2.address, evId: 2 }),
    ])
    await sendDirect(net.superWallet, client, [
      ...[...operators, ev3, ev2].map((a) => grantECoinCall(d, { to: a.address, amount: 10_000_000n })),
      setEnergyPriceCall(d, { pricePerKWh: 30n }),
      setFeeCall(d, { operation: 'Swap', fee: 200n }),
      // The paper's devices held Ether: the 2nd implementation pays its own gas.
      { to: ev2.address, value: parseEther('100'), label: 'fund the 2nd implementation device' },
    ])
    log(`registered ${operators.length} station operators and 2 EVs (3rd: ${ev3.address}, 2nd: ${ev2.address})`)

    // ------------------------------------------------------------ station 1's batteries, one per swap
    const stationUsb = dirs.stations.map((dir) => join(dir, 'usb'))
    for (const u of stationUsb) mkdirSync(u, { recursive: true })
    const stationBatteries: { folder: string; id: number }[] = []
    {
      const count = 2 * o.runs
      const records = Array.from({ length: count }, () => demoBattery('SUM', { kWh: 60, socPercent: 100, price: 6500, year: 2026, month: 1, cycles: 10 }))
      const deadline = Math.floor(Date.now() / 1000) + 3600
      const signed = await Promise.all(
        records.map((b, i) =>
          signForwardRequest({
            account: operators[0]!,
            deployment: d,
            call: registerBatteryCall(d, { staticInfo: b.staticInfo, reading: readingOf(b), tag: `0x${(i + 1).toString(16).padStart(64, '0')}` }),
            nonce: BigInt(i),
            deadline,
          }),
        ),
      )
      const executed = await executeBatches(net.superWallet, client, d, signed)
      executed.forEach((x, i) => {
        const id = Number(x.events.find((e) => e.event === 'BatteryRegistered')?.args.batteryId)
        const folder = `ST-${String(i + 1).padStart(2, '0')}`
        const file = join(stationUsb[0]!, folder, BATTERY_FILE_NAME)
        mkdirSync(join(stationUsb[0]!, folder), { recursive: true })
        writeBatteryFile(file, { ...records[i]!, filePath: file, batteryId: id, ownerAddress: operators[0]!.address.toLowerCase() as Hex })
        stationBatteries.push({ folder, id })
      })
      log(`station 1 holds ${count} registered batteries`)
    }

    // ------------------------------------------------------------ stations (rich clients)
    const ports = await pickPorts(network.stations.length + 8)
    const stationUrl = (i: number) => `http://127.0.0.1:${ports[i - 1]}`
    const stations: StartedStation[] = []
    for (const s of network.stations) {
      const started = await startStation({
        station: { id: s.index, name: `Station ${s.index}` },
        port: ports[s.index - 1]!,
        rpcUrl: s.httpUrl,
        nodeUrls: network.stations.map((x) => x.httpUrl),
        peers: network.stations.filter((x) => x.index !== s.index).map((x) => stationUrl(x.index)),
        relayerKey: await readRelayerKey(s),
        deployment: d,
        index: { database: join(dirs.stations[s.index - 1]!, 'index'), schema: `station_${s.index}` },
        device: { dir: dirs.stations[s.index - 1]!, slots: [stationUsb[s.index - 1]!], account: operators[s.index - 1]! },
      })
      stations.push(started)
      onCleanup(`station ${s.index}`, () => started.stop())
      // What `evswap station --network` runs next to its station: requests go into their own slot's block.
      const refresher = refreshSealingWork(s, { period: network.period, log })
      onCleanup(`station ${s.index} sealing refresh`, async () => refresher.stop())
    }
    const station1 = stations[0]!
    log(`stations up: ${stations.map((s) => s.url).join(', ')}`)

    // ------------------------------------------------------------ the two EVs, side by side
    const evUsb = { '3rd': join(dirs.ev3, 'usb'), '2nd': join(dirs.ev2, 'usb') }
    for (const u of Object.values(evUsb)) mkdirSync(u, { recursive: true })
    const base = network.stations.length
    const gethPorts = { http: ports[base]!, p2p: ports[base + 1]!, authrpc: ports[base + 2]!, app: ports[base + 3]! }
    initGethDevice({ dir: dirs.ev2, network, station: network.stations[0]!, ports: gethPorts })
    const sampler = createProcessSampler({ intervalMs: o.intervalMs })
    onCleanup('sampler', () => sampler.stop())
    const nodeOptions = o.deviceNodeOptions ? { nodeOptions: o.deviceNodeOptions } : {}
    // The thin client runs from its tree-shaken bundle when the build made one; the app gets the same treatment.
    const appEntry = await bundleApp2(root)
    const devices: Record<'2nd' | '3rd', PaperDevice> = {
      '3rd': thinDevice({ root, dir: dirs.ev3, slot: evUsb['3rd'], stations: network.stations.map((s) => stationUrl(s.index)), port: ports[base + 4]!, passphrase, sampler, ...nodeOptions }),
      '2nd': gethDevice({ root, dir: dirs.ev2, slot: evUsb['2nd'], network, station: network.stations[0]!, ports: gethPorts, privateKey: ev2Key, deploymentFile, appEntry, sampler, ...nodeOptions }),
    }
    const impls = ['2nd', '3rd'] as const
    for (const impl of impls) onCleanup(`${impl} device`, () => devices[impl].stop())

    // Start-up: the processes start once and run for the whole benchmark, like a car's computer. The 2nd
    // implementation's node syncs the chain from its station first.
    const startup = {} as Record<'2nd' | '3rd', { t0: number; t1: number; ms: number }>
    bar.update(0, 2 * o.runs, 'starting the devices')
    await Promise.all(
      impls.map(async (impl) => {
        const t0 = sampler.now()
        sampler.tag({ run: 'startup', phase: 'startup' }, impl)
        await devices[impl].start()
        sampler.tag({ run: 'startup', phase: 'startup' }, impl)
        const t1 = sampler.now()
        startup[impl] = { t0, t1, ms: t1 - t0 }
        log(`${impl} device ready in ${((t1 - t0) / 1000).toFixed(1)} s`)
      }),
    )
    // The device processes settle before the first run.
    for (const impl of impls) sampler.tag({ run: 'settle', phase: 'idle' }, impl)
    await sleep(3000)

    // ------------------------------------------------------------ other EVs on the network, if asked
    const background =
      o.backgroundOpsPerSecond > 0
        ? await startBackgroundLoad({
            wallet: net.superWallet,
            client,
            deployment: d,
            stationUrl: stationUrl(network.stations.length > 1 ? 2 : 1),
            opsPerSecond: o.backgroundOpsPerSecond,
            firstEvId: 1000,
          })
        : undefined
    if (background) log(`background: other EVs discharging through station ${network.stations.length > 1 ? 2 : 1} at ${o.backgroundOpsPerSecond} ops/s`)

    // ------------------------------------------------------------ the scenario, `runs` times, both EVs at once
    const records: ScenarioRecord[] = []
    let nextStationBattery = 0
    const scenario = async (impl: '2nd' | '3rd', run: number): Promise<ScenarioRecord> => {
      const device = devices[impl]
      const usb = evUsb[impl]
      const folder = `EV-${impl}-${String(run).padStart(2, '0')}`
      const t0 = sampler.now()
      const phases: { name: string; t: number }[] = []
      const phase = (name: string) => {
        phases.push({ name, t: sampler.now() - t0 })
        sampler.tag({ run: String(run), phase: name }, impl)
      }
      const status = (what: string) => bar.update(records.length, 2 * o.runs, `run ${run}/${o.runs}: ${impl} ${what}`)

      // Initialization: a new battery is plugged in (its USB disk appears in the slot) and registered.
      phase('init')
      status('initialization')
      const file = join(usb, folder, BATTERY_FILE_NAME)
      mkdirSync(join(usb, folder), { recursive: true })
      const fresh = demoBattery('TOY', { kWh: EV_START.energyWh / 1000, socPercent: EV_START.socPermille / 10, price: 6000, year: 2025, month: 3, cycles: 100 })
      writeBatteryFile(file, { ...fresh, filePath: file })
      let t = performance.now()
      const evBattery = await device.registerBattery(folder)
      const initMs = performance.now() - t

      phase('discharge')
      const dischargeMs: number[] = []
      const dischargeIncludedMs: number[] = []
      for (let k = 1; k <= o.discharges; k++) {
        status(`discharge ${k}/${o.discharges}`)
        const r = await device.discharge({ batteryId: evBattery, energyWh: EV_START.energyWh - 500 * k, socPermille: EV_START.socPermille - 10 * k, duration: 600 })
        if (!r.ok) throw new Error(`${impl}: discharge ${k} failed: ${r.error}`)
        dischargeMs.push(r.ms)
        if (r.includedMs !== undefined) dischargeIncludedMs.push(r.includedMs)
        await sleep(300)
      }

      phase('swap')
      status('swap')
      const st = stationBatteries[nextStationBattery++]!
      const swap = await device.requestSwap(evBattery, st.id)
      // What the operator sees before deciding (read from the contract by the station): the approval names it.
      const seen = await station1.device.agent.get<{ evBatteryId: number; stationBatteryId: number; difference: string }>(`/api/swaps/${swap.swapId}`)
      const terms = { swapId: swap.swapId, evBatteryId: seen.evBatteryId, stationBatteryId: seen.stationBatteryId, difference: BigInt(seen.difference) }
      t = performance.now()
      const approved = await station1.device.agent.operate(approveSwapCall(d, terms))
      if (approved.status !== 'confirmed') throw new Error(`station approval of swap ${swap.swapId} failed: ${approved.error}`)
      const approveMs = performance.now() - t
      // The physical exchange of the USB disks; the EV's alerts must then clear.
      renameSync(join(usb, folder), join(stationUsb[0]!, folder))
      renameSync(join(stationUsb[0]!, st.folder), join(usb, st.folder))
      t = performance.now()
      await waitUntil(`${impl}: the EV's alerts to clear after the USB exchange`, async () => ((await device.check()).length === 0 ? true : undefined), { timeoutMs: 30_000, intervalMs: 250 })
      const checkMs = performance.now() - t

      phase('charge')
      status('station charging')
      t = performance.now()
      await station1.device.agent.check()
      const charged = await station1.device.agent.operate(chargeCall(d, { batteryId: evBattery, energyWh: 60_000, socPermille: 1000, duration: 1800 }), { batteryId: evBattery })
      if (charged.status !== 'confirmed') throw new Error(`station charge of battery ${evBattery} failed: ${charged.error}`)
      const chargeMs = performance.now() - t

      phase('idle')
      status('idle')
      await sleep(1000)
      // The EV drives off with its new battery: the next run starts from a fresh one.
      rmSync(join(usb, st.folder), { recursive: true, force: true })
      const t1 = sampler.now()
      sampler.tag({ run: 'between', phase: 'idle' }, impl)
      return { impl, run, t0, t1, phases, initMs, dischargeMs, dischargeIncludedMs, swapRequestMs: swap.ms, approveMs, checkMs, chargeMs }
    }
    for (let run = 1; run <= o.runs; run++) {
      const pair = await Promise.all(impls.map((impl) => scenario(impl, run)))
      records.push(...pair)
      log(
        `run ${run}: ` +
          pair
            .map((r) => `${r.impl} init ${(r.initMs / 1000).toFixed(1)} s, discharge ${r.dischargeMs.map((x) => (x / 1000).toFixed(2)).join('/')} s, swap ${(r.swapRequestMs / 1000).toFixed(2)} s`)
            .join('; '),
      )
    }

    const backgroundResult = await background?.stop()
    if (backgroundResult) log(`background load: ${backgroundResult.opsPerSecond} confirmed ops/s over ${backgroundResult.seconds} s (${backgroundResult.failed} not confirmed)`)

    // ------------------------------------------------------------ the thin client's footprint (network idle again)
    bar.update(2 * o.runs, 2 * o.runs, 'footprint of the thin client')
    const footprint = await (async () => {
      const thin = devices['3rd']
      const folder = 'EV-footprint'
      const file = join(evUsb['3rd'], folder, BATTERY_FILE_NAME)
      mkdirSync(join(evUsb['3rd'], folder), { recursive: true })
      writeBatteryFile(file, { ...demoBattery('TOY', { kWh: 40, socPercent: 60, price: 6000, year: 2025, month: 3, cycles: 100 }), filePath: file })
      const t0 = sampler.now()
      sampler.tag({ run: 'footprint', phase: 'init' }, '3rd')
      const id = await thin.registerBattery(folder)
      await sleep(2000)
      const idleFrom = sampler.now()
      sampler.tag({ run: 'footprint', phase: 'idle' }, '3rd')
      await sleep(o.footprintIdleSeconds * 1000)
      const loopFrom = sampler.now()
      sampler.tag({ run: 'footprint', phase: 'loop' }, '3rd')
      const loopMs: number[] = []
      for (let k = 1; k <= o.footprintDischarges; k++) {
        const r = await thin.discharge({ batteryId: id, energyWh: 40_000 - 100 * k, socPermille: 600 - 5 * k, duration: 60 })
        if (!r.ok) throw new Error(`footprint discharge ${k} failed: ${r.error}`)
        loopMs.push(r.ms)
      }
      const loopTo = sampler.now()
      return { t0, idleFrom, loopFrom, loopTo, loopMs }
    })()
    for (const impl of impls) await devices[impl].stop()
    await sampler.stop()
    bar.done()

    const analysis = analyzePaper({
      records,
      samples: sampler.samples,
      intervalMs: o.intervalMs,
      footprint,
      startup,
      blockPeriodS: network.period,
      signers: network.stations.length,
      backgroundOpsPerSecond: o.backgroundOpsPerSecond,
    })
    const written = writePaperOutputs({
      outDir: o.outDir,
      command: o.command,
      startedAt,
      machine,
      params: {
        runs: o.runs,
        discharges: o.discharges,
        stations: o.stations,
        intervalMs: o.intervalMs,
        footprintIdleSeconds: o.footprintIdleSeconds,
        footprintDischarges: o.footprintDischarges,
        blockPeriodS: network.period,
        backgroundOpsPerSecond: o.backgroundOpsPerSecond,
        thinClientVerification: thinClientVerification(join(dirs.ev3, 'device.log')),
        thinClientCode: existsSync(join(root, 'dist', 'thin', 'deviceBundle.mjs')) ? 'dist/thin/deviceBundle.mjs (tree-shaken bundle)' : 'dist module graph (no bundle built)',
        appCode: 'dist/bench/app2.bundle.mjs (tree-shaken bundle)',
        ...(o.deviceNodeOptions ? { deviceNodeOptions: o.deviceNodeOptions } : {}),
        ...(backgroundResult ? { backgroundAchievedOpsPerSecond: backgroundResult.opsPerSecond } : {}),
      },
      analysis,
      samples: sampler.samples,
      records,
    })
    for (const f of written) process.stdout.write(`wrote ${f}\n`)
    process.stdout.write(`\n${analysis.headline}\n`)
    return 0
  } finally {
    bar.done()
    await runCleanup()
  }
}

function readingOf(b: BatteryRecord) {
  const x = b.dynamicInfo
  return {
    energyWh: x.energyWh,
    socPermille: x.socPermille,
    chargingCount: x.chargingCount,
    dischargingCount: x.dischargingCount,
    chargingTotalTime: x.chargingTotalTime,
    dischargingTotalTime: x.dischargingTotalTime,
  }
}
