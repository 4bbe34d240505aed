import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Hex } from 'viem'
import { gethRpc, type EvswapNetwork, type Station } from '../../src/network/index.js'
import { createNodeIdentity } from '../../src/network/createNodeIdentity.js'
import { initNodeDir } from '../../src/network/initNodeDir.js'
import { nodePaths } from '../../src/network/nodePaths.js'
import { resolveGethBinary } from '../../src/network/resolveGethBinary.js'
import type { ProcessSampler } from '../lib/createProcessSampler.js'
import { httpJson } from '../lib/httpJson.js'
import { spawnChild, type SpawnedChild, waitUntil } from '../lib/spawnChild.js'
import type { PaperDevice } from './PaperDevice.js'

export type GethDeviceOptions = {
  root: string
  dir: string
  slot: string
  network: EvswapNetwork
  /** The device's station: its node is the device node's only (static) peer. */
  station: Station
  ports: { http: number; p2p: number; authrpc: number; app: number }
  privateKey: Hex
  deploymentFile: string
  /** The app's entry: its bundle (bundleApp2), or dist/bench/bench/paper/app2.js. */
  appEntry: string
  sampler: ProcessSampler
  /** NODE_OPTIONS for the app's process; default none. */
  nodeOptions?: string
}

/**
 * Creates the device node's datadir once: the network's genesis, a node key, and the station's node as
 * its only static peer. Its sealing key is never used (the node does not mine).
 */
export function initGethDevice(o: Pick<GethDeviceOptions, 'dir' | 'network' | 'station' | 'ports'>): void {
  const datadir = join(o.dir, 'geth')
  if (existsSync(join(datadir, 'geth'))) return
  mkdirSync(o.dir, { recursive: true })
  const identity = createNodeIdentity('127.0.0.1', o.ports.p2p)
  initNodeDir({
    geth: resolveGethBinary(),
    datadir,
    genesisPath: join(o.network.dir, 'genesis.json'),
    sealKey: identity.nodekey,
    nodekey: identity.nodekey,
    listenAddr: `127.0.0.1:${o.ports.p2p}`,
    staticNodes: [o.station.enode],
  })
}

/**
 * The paper's 2nd implementation (its Fig. 8(b)): on the device, a non-mining geth (`--syncmode full`,
 * the network's genesis, static peer = its station's node, no `--mine`) plus the app (bench/paper/app2.ts)
 * that holds the device's key and sends its own transactions to that node. Both processes are measured.
 *
 * @example
 * initGethDevice(o); const ev = gethDevice(o); await ev.start(); const id = await ev.registerBattery('EV-01')
 */
export function gethDevice(o: GethDeviceOptions): PaperDevice {
  const datadir = join(o.dir, 'geth')
  const paths = nodePaths(datadir)
  const rpc = `http://127.0.0.1:${o.ports.http}`
  const app = `http://127.0.0.1:${o.ports.app}`
  let geth: SpawnedChild | undefined
  let appChild: SpawnedChild | undefined
  const keyFile = join(o.dir, 'device-key.hex')
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown) => {
    return httpJson<T>(method, `${app}${path}`, method === 'POST' ? (body ?? {}) : undefined, undefined, 120_000)
  }
  return {
    impl: '2nd',
    async start() {
      writeFileSync(keyFile, `${o.privateKey}\n`, { mode: 0o600 })
      const args = [
        '--datadir', datadir,
        '--config', paths.config,
        '--nodekey', paths.nodekey,
        '--networkid', String(o.network.chainId),
        '--syncmode', 'full',
        '--nodiscover',
        '--nat', 'none',
        '--ipcdisable',
        '--http', '--http.addr', '127.0.0.1', '--http.port', String(o.ports.http), '--http.api', 'eth,net,web3',
        '--authrpc.addr', '127.0.0.1', '--authrpc.port', String(o.ports.authrpc),
      ]
      geth = spawnChild(resolveGethBinary(), args, { logFile: join(o.dir, 'geth.log') })
      o.sampler.add({ key: '2nd/geth', pid: geth.pid, internalPorts: [o.ports.http, o.ports.app], labels: { impl: '2nd', process: 'geth' } })
      // Synced: it has its peer and the station's head (the station keeps sealing, so within a block).
      await waitUntil(
        'the device node to sync from its station',
        async () => {
          const [peers, head, stationHead] = await Promise.all([
            gethRpc<string>(rpc, 'net_peerCount', [], 1000),
            gethRpc<string>(rpc, 'eth_blockNumber', [], 1000),
            gethRpc<string>(o.station.httpUrl, 'eth_blockNumber', [], 1000),
          ])
          return Number(peers) >= 1 && Number(head) >= Number(stationHead) - 1 ? true : undefined
        },
        { timeoutMs: 180_000, intervalMs: 100 },
      )
      const appArgs = [
        o.appEntry,
        '--rpc', rpc,
        '--port', String(o.ports.app),
        '--key-file', keyFile,
        '--slot', o.slot,
        '--deployment', o.deploymentFile,
      ]
      appChild = spawnChild(process.execPath, appArgs, { logFile: join(o.dir, 'app.log'), ...(o.nodeOptions ? { env: { ...process.env, NODE_OPTIONS: o.nodeOptions } } : {}) })
      o.sampler.add({ key: '2nd/app', pid: appChild.pid, internalPorts: [o.ports.http, o.ports.app], labels: { impl: '2nd', process: 'app' } })
      await waitUntil('the device app to answer', async () => ((await call('GET', '/health')).status === 200 ? true : undefined), { timeoutMs: 30_000, intervalMs: 50 })
    },
    async registerBattery(folder) {
      const r = await call<{ batteries: { folder: string; batteryId: number | null }[] }>('POST', '/init')
      if (r.status !== 200) throw new Error(`device app init failed: ${JSON.stringify(r.body).slice(0, 300)}`)
      const id = r.body.batteries.find((b) => basename(b.folder) === folder)?.batteryId
      if (!id) throw new Error(`the device app did not register ${folder}`)
      return id
    },
    async discharge(args) {
      const t0 = performance.now()
      const r = await call<{ status: string }>('POST', '/discharge', args)
      const ms = performance.now() - t0
      return { ms, ok: r.status === 200 && r.body.status === 'confirmed', ...(r.status === 200 ? {} : { error: JSON.stringify(r.body).slice(0, 300) }) }
    },
    async requestSwap(evBatteryId, stationBatteryId) {
      const t0 = performance.now()
      const r = await call<{ status: string; swapId: number | null }>('POST', '/swaps', { evBatteryId, stationBatteryId })
      const ms = performance.now() - t0
      if (r.status !== 200 || !r.body.swapId) throw new Error(`swap request failed: ${JSON.stringify(r.body).slice(0, 300)}`)
      return { ms, swapId: r.body.swapId }
    },
    async check() {
      const r = await call<{ alerts: { kind: string }[] }>('POST', '/check')
      if (r.status !== 200) throw new Error(`check failed: ${JSON.stringify(r.body).slice(0, 300)}`)
      return r.body.alerts.map((a) => a.kind)
    },
    async stop() {
      o.sampler.remove('2nd/app')
      o.sampler.remove('2nd/geth')
      await appChild?.stop()
      await geth?.stop(20_000)
    },
  }
}
