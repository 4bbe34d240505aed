import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Chain, createPublicClient, createWalletClient, http, type PublicClient } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import {
  type EvswapNetwork,
  gethRpc,
  initNetwork,
  isPortFree,
  networkChain,
  pickPortBases,
  readDeployerKey,
  readRunningPid,
  startNetwork,
  stopNetwork,
} from '../../src/network/index.js'
import { deployEvswap } from '../../src/sdk/deployEvswap.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import type { Wallet } from './chainTx.js'
import { onCleanup } from './cleanup.js'
import { waitUntil } from './spawnChild.js'

export type BenchNetwork = {
  network: EvswapNetwork
  chain: Chain
  deployment: Deployment
  /** The deployer, who is also the super account of the benchmark's deployment (it holds Ether). */
  superWallet: Wallet
  /** A public client on station i's node (1-based). */
  client(i: number): PublicClient
  /** Geth pids of the stations' nodes, by station index. */
  pids(): Map<number, number>
  stop(): Promise<void>
}

/** Finds `count` consecutive free ports. */
export async function pickPorts(count: number): Promise<number[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 40_000 + Math.floor(Math.random() * 2000) * 10
    const ports = Array.from({ length: count }, (_, i) => base + i)
    let free = true
    for (const p of ports) if (!(await isPortFree(p))) free = false
    if (free) return ports
  }
  throw new Error('no free ports')
}

/**
 * A fresh geth Clique network of `stations` signers for one benchmark run, with the contracts deployed by
 * the network's deployer key (which is also the super account here): `initNetwork` in `dir`, `startNetwork`
 * on free ports, `deployEvswap`. Its nodes are stopped on cleanup, Ctrl-C included.
 *
 * @example
 * const net = await startBenchNetwork({ stations: 4, dir: '/tmp/bench/net' })
 */
export async function startBenchNetwork(o: { stations: number; dir: string; period?: number; log?: (line: string) => void }): Promise<BenchNetwork> {
  const log = o.log ?? (() => {})
  mkdirSync(o.dir, { recursive: true })
  const { bases: ports } = await pickPortBases(o.stations)
  const network = await initNetwork({ stations: o.stations, dir: join(o.dir, 'network'), ports, force: true, ...(o.period ? { period: o.period } : {}) })
  const forget = onCleanup(
    'network',
    async () => {
      await stopNetwork(network)
    },
    () => {
      for (const s of network.stations) {
        const pid = readRunningPid(s.datadir)
        if (pid !== undefined) process.kill(pid, 'SIGKILL')
      }
    },
  )
  log(`network: ${o.stations} geth Clique signers, ${network.period} s blocks, http ports ${network.stations.map((s) => s.ports.http).join(', ')}`)
  await startNetwork(network, { timeoutMs: 60_000 })
  const chain = networkChain(network)
  const clients = network.stations.map((s) => createPublicClient({ chain, transport: http(s.httpUrl, { timeout: 30_000 }), pollingInterval: 250 }) as PublicClient)
  // Sealing has started once the head moves.
  await waitUntil('the first block', async () => ((await clients[0]!.getBlockNumber({ cacheTime: 0 })) >= 1n ? true : undefined), { timeoutMs: 60_000 })
  const superWallet = createWalletClient({ account: privateKeyToAccount(await readDeployerKey(network)), chain, transport: http(network.stations[0]!.httpUrl, { timeout: 30_000 }) })
  const deployment = await deployEvswap({
    publicClient: clients[0]!,
    walletClient: superWallet,
    superAccount: network.deployer.address,
    // In the network folder, where `evswap station --network` finds and reuses it.
    recordPath: join(network.dir, 'deployment.json'),
  })
  log(`contracts deployed at block ${deployment.block}: BatteryInterface ${deployment.batteryInterface}, forwarder ${deployment.forwarder}`)
  // Every node has the contracts before stations start reading them.
  await Promise.all(
    network.stations.map((s) =>
      waitUntil(`station ${s.index} to import the deployment`, async () => (BigInt(await gethRpc<string>(s.httpUrl, 'eth_blockNumber')) >= BigInt(deployment.block) ? true : undefined)),
    ),
  )
  return {
    network,
    chain,
    deployment,
    superWallet,
    client: (i) => clients[i - 1]!,
    pids() {
      const m = new Map<number, number>()
      for (const s of network.stations) {
        const pid = readRunningPid(s.datadir)
        if (pid !== undefined) m.set(s.index, pid)
      }
      return m
    },
    stop: forget,
  }
}
