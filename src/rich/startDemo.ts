import { existsSync, mkdirSync, renameSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createPublicClient, createWalletClient, http } from 'viem'
import { anvilDevKey } from './node/anvilMnemonic.js'
import { privateKeyToAccount } from 'viem/accounts'
import { startAnvil } from './node/startAnvil.js'
import { startStation, type StartedStation } from './startStation.js'
import { deployEvswap } from '../sdk/deployEvswap.js'
import { startDevice, type StartedDevice } from '../thin/startDevice.js'
import type { MapTiles } from '../thin/api/createDeviceApi.js'
import type { DeviceAgentOptions } from '../thin/agent/createDeviceAgent.js'
import { loadOrCreateDeviceKey } from '../thin/keystore/loadOrCreateDeviceKey.js'
import { forgetPinnedChain } from '../thin/pin/forgetPinnedChain.js'
import { writeBatteryFile } from '../thin/usb/writeBatteryFile.js'
import { BATTERY_FILE_NAME } from '../thin/usb/batteryRecord.js'
import { registerEVOwnerCall } from '../sdk/calls/registerEVOwnerCall.js'
import { registerStationOperatorCall } from '../sdk/calls/registerStationOperatorCall.js'
import { grantECoinCall } from '../sdk/calls/grantECoinCall.js'
import { setEnergyPriceCall } from '../sdk/calls/setEnergyPriceCall.js'
import { setFeeCall } from '../sdk/calls/setFeeCall.js'
import { setStationCall } from '../sdk/calls/setStationCall.js'
import { setHoldTermsCall } from '../sdk/calls/setHoldTermsCall.js'
import type { EvswapCall } from '../sdk/calls/EvswapCall.js'
import { EvswapError } from '../sdk/errors/EvswapError.js'
import { runAsOneBatch } from './runAsOneBatch.js'
import { demoFleet } from './demoBatteries.js'
import { DEMO_EV_POSITION, DEMO_PLACES } from './demoPlaces.js'
import { loadOrCreateDemoTls, type DemoTls } from './tls/loadOrCreateDemoTls.js'
import type { StationTrust } from '../thin/tls/StationTrust.js'

/** anvil's funded dev keys, from its published test mnemonic: 0 deploys, 1 and 2 are the stations' relayers. */
const ANVIL_KEYS = [anvilDevKey(0), anvilDevKey(1), anvilDevKey(2)] as const

export type DemoDevice = 'ev' | 'station1' | 'station2'
export type StartDemoOptions = {
  dir: string
  basePort: number
  quiet?: boolean
  passphrase?: string
  webRoot?: string
  /** Seconds between the embedded chain's blocks (anvil takes fractions: 0.25). Default 1. */
  blockTime?: number
  /**
   * Stations on HTTPS with the demo's CA (default). False: plain HTTP, for tests that speak to the
   * stations with Node 20's fetch, which takes no CA of its own (`evswap start` always uses TLS).
   */
  tls?: boolean
  /** The stations' chargers: rating, power limit, speed-up (default DEFAULT_CHARGER, real time). */
  charger?: DeviceAgentOptions['charger']
  /** The tile server of the EV GUI's map; none: the finder is a list alone (the demo needs no network). */
  mapTiles?: MapTiles
}
export type Demo = {
  urls: { super: string; station1: string; station2: string; ev: string }
  dirs: Record<DemoDevice, string>
  /** The demo's local CA (ca.pem under <dir>/tls) and the stations' certificates it signed. */
  tls: DemoTls
  devices: { super: StartedDevice; ev: StartedDevice; station1: StartedStation; station2: StartedStation }
  moveUsb(batteryFolder: string, from: DemoDevice, to: DemoDevice): Promise<void>
  stop(): Promise<void>
}

/**
 * The paper's Fig. 7 on one machine: the embedded chain, the contracts, a super account, two stations
 * (SUM and BYD batteries at station 1) and one EV with a depleted TOY battery, each with a USB folder.
 * Safe to run again on the same folder: the chain, the keys and the batteries are kept.
 *
 * Ports: anvil on basePort, the super account's GUI on +1, stations on +2 and +3, the EV on +4.
 * The stations serve HTTPS with certificates of the demo's own CA (made at the first start, see
 * loadOrCreateDemoTls), and every demo device trusts that CA and nothing else.
 */
export async function startDemo(o: StartDemoOptions): Promise<Demo> {
  const dir = resolve(o.dir)
  const log = (who: string) => (line: string) => {
    if (!o.quiet) console.log(`[${who}] ${line}`)
  }
  const passphrase = o.passphrase ?? process.env.EVSWAP_PASSPHRASE ?? 'evswap-demo-only'
  const webRoot = o.webRoot ?? resolve(new URL('../../dist/web', import.meta.url).pathname)
  const dirs: Record<DemoDevice | 'super', string> = {
    super: join(dir, 'super'),
    ev: join(dir, 'ev'),
    station1: join(dir, 'station1'),
    station2: join(dir, 'station2'),
  }
  const usb = (d: DemoDevice) => join(dirs[d], 'usb')
  const firstRun = !existsSync(join(dir, 'chain'))

  mkdirSync(join(dir, 'chain'), { recursive: true })
  const anvil = await startAnvil({ port: o.basePort, stateFile: join(dir, 'chain', 'state.json'), ...(o.blockTime ? { blockTime: o.blockTime } : {}) })
  const stops: (() => Promise<void>)[] = [() => anvil.stop()]
  try {
    const keys = {
      super: await loadOrCreateDeviceKey({ dir: dirs.super, passphrase }),
      ev: await loadOrCreateDeviceKey({ dir: dirs.ev, passphrase }),
      station1: await loadOrCreateDeviceKey({ dir: dirs.station1, passphrase }),
      station2: await loadOrCreateDeviceKey({ dir: dirs.station2, passphrase }),
    }
    const transport = http(anvil.url)
    const publicClient = createPublicClient({ transport, pollingInterval: 250 })
    const walletClient = createWalletClient({ account: privateKeyToAccount(ANVIL_KEYS[0]), transport })
    const deployment = await deployEvswap({ publicClient, walletClient, superAccount: keys.super.address, recordPath: join(dir, 'chain', 'deployment.json') })
    log('chain')(`${deployment.reused ? 'contracts already deployed' : 'deployed'}: BatteryInterface ${deployment.batteryInterface}, BatteryProcess ${deployment.batteryProcess}, BalanceProcess ${deployment.balanceProcess}, StationDirectory ${deployment.stationDirectory}, forwarder ${deployment.forwarder}`)

    if (firstRun) {
      // A new chain: devices kept from an earlier one (its chain/ folder deleted by hand) enrol on this one.
      for (const d of Object.values(dirs)) forgetPinnedChain(d)
      for (const d of ['ev', 'station1', 'station2'] as const) {
        for (const [folder, battery] of Object.entries(demoFleet[d])) {
          const file = join(usb(d), folder, BATTERY_FILE_NAME)
          mkdirSync(join(usb(d), folder), { recursive: true })
          writeBatteryFile(file, { ...battery, filePath: file })
        }
      }
    }

    const tls = await loadOrCreateDemoTls(join(dir, 'tls'), 2)
    const useTls = o.tls ?? true
    if (useTls) log('tls')(`${tls.created ? 'made the demo CA' : 'the demo CA'} ${tls.caFile}; the stations serve HTTPS with certificates it signed`)
    const trust: StationTrust | undefined = useTls ? { ca: { pem: tls.caPem, label: `the demo CA (${tls.caFile})` }, pins: [] } : undefined
    const port = (n: number) => o.basePort + n
    const stationUrl = (n: number) => `${useTls ? 'https' : 'http'}://127.0.0.1:${port(1 + n)}`
    const station = async (n: 1 | 2) => {
      const s = await startStation({
        station: { id: n, name: `Station ${n}` },
        port: port(1 + n),
        rpcUrl: anvil.url,
        peers: [stationUrl(n === 1 ? 2 : 1)],
        relayerKey: ANVIL_KEYS[n],
        deployment,
        // Both stations' indexes in one embedded database, a schema each: one PGlite costs ~250 MB.
        index: { database: join(dir, 'index'), schema: `station_${n}` },
        device: { dir: dirs[`station${n}`], slots: [usb(`station${n}`)], account: keys[`station${n}`], ...(o.charger ? { charger: o.charger } : {}) },
        ...(trust ? { tls: tls.stations[n - 1]!, trust } : {}),
        webRoot,
        log: log(`station${n}`),
      })
      stops.unshift(() => s.stop())
      return s
    }
    const station1 = await station(1)
    const station2 = await station(2)
    const superDevice = await startDevice({ dir: dirs.super, slots: [], stations: [stationUrl(1), stationUrl(2)], ...(trust ? { trust } : {}), account: keys.super, port: port(1), webRoot, log: log('super') })
    stops.unshift(() => superDevice.stop())

    // The super account registers everyone once; a restart finds them registered and skips this. Its calls
    // go as one forwarder batch that the deployer pays for: one block, not one device operation a block.
    const need = async (address: string) => (await superDevice.agent.get<{ role: string }>(`/api/accounts/${address}`)).role === 'None'
    if (await need(keys.station1.address)) {
      const calls: EvswapCall[] = [
        registerStationOperatorCall(deployment, { account: keys.station1.address, stationId: 1 }),
        registerStationOperatorCall(deployment, { account: keys.station2.address, stationId: 2 }),
        // Placed in the same step as registered, as the super account's GUI does.
        ...([1, 2] as const).map((n) => setStationCall(deployment, { stationId: n, place: DEMO_PLACES[n] })),
        registerEVOwnerCall(deployment, { account: keys.ev.address, evId: 1 }),
        ...[keys.ev, keys.station1, keys.station2].map((a) => grantECoinCall(deployment, { to: a.address, amount: 1_000_00n })),
        setEnergyPriceCall(deployment, { pricePerKWh: 30n }),
        setFeeCall(deployment, { operation: 'Swap', fee: 2_00n }),
        // Battery holds: 15 minutes (the contract's default) for 1.00 E-coin, paid to the station when unused.
        setHoldTermsCall(deployment, { durationSeconds: 15 * 60, fee: 1_00n, forfeitTo: 'Station' }),
      ]
      const block = await runAsOneBatch({ publicClient, walletClient, deployment, account: keys.super, calls }).catch((e: unknown) => {
        throw new EvswapError('the super account could not set up the demo network', { details: e instanceof Error ? e.message : String(e), hint: `start over with \`npx evswap start --reset --dir ${dir}\`` })
      })
      log('super')(`set up the demo network in block ${block}: registered stations 1 and 2 (placed in Munich) and EV 1, granted each 1000.00 E-coin, set the energy price (0.30 E-coin/kWh), the swap fee (2.00 E-coin) and the hold terms (15 min, 1.00 E-coin)`)
    }
    const ev = await startDevice({ dir: dirs.ev, slots: [usb('ev')], stations: [stationUrl(1), stationUrl(2)], ...(trust ? { trust } : {}), account: keys.ev, port: port(4), position: DEMO_EV_POSITION, ...(o.mapTiles ? { mapTiles: o.mapTiles } : {}), webRoot, log: log('ev') })
    stops.unshift(() => ev.stop())
    // Initialization (paper 3.3): each device registers the batteries it finds and writes the ids back.
    for (const a of [station1.device.agent, station2.device.agent, ev.agent]) {
      await a.refreshIdentity()
      await a.check()
    }
    await Promise.all([station1.device.agent.drain(), station2.device.agent.drain(), ev.agent.drain()])
    await Promise.all([station1.device.agent.check(), station2.device.agent.check(), ev.agent.check()])

    return {
      urls: { super: superDevice.url!, station1: station1.guiUrl, station2: station2.guiUrl, ev: ev.url! },
      dirs: { ev: dirs.ev, station1: dirs.station1, station2: dirs.station2 },
      tls,
      devices: { super: superDevice, ev, station1, station2 },
      async moveUsb(folder, from, to) {
        renameSync(join(usb(from), folder), join(usb(to), folder))
        const agents = { ev: ev.agent, station1: station1.device.agent, station2: station2.device.agent }
        await Promise.all([agents[from].check(), agents[to].check()])
      },
      async stop() {
        for (const s of stops) await s().catch(() => {})
      },
    }
  } catch (e) {
    for (const s of stops) await s().catch(() => {})
    throw e
  }
}
