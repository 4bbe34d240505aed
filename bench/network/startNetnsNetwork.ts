import { join } from 'node:path'
import { type Hex } from 'viem'
import {
  type EvswapNetwork,
  type Station,
  initNetwork,
  joinNetwork,
  loadNetwork,
  nodeRpc,
  pollUntil,
  readRunningPid,
  startNetwork,
  startNode,
  stopNode,
} from '../../src/network/index.js'
import { onCleanup } from '../lib/cleanup.js'
import { createNetns } from '../lib/createNetns.js'

/** A network of signers and followers, each geth in a namespace of its own, made by {@link startNetnsNetwork}. */
export type NetnsNetwork = {
  /** The signers' network (station 1 holds the deployer key). */
  network: EvswapNetwork
  signers: Station[]
  /** Stations that joined from the public network.json and were not voted in: they only import. */
  followers: Station[]
  /** Signers first, then followers. */
  all: Station[]
  /** Each node's geth pid, in the order of `all`. */
  pids(): number[]
  /** Stops every geth and deletes every namespace. */
  stop(): Promise<void>
}

const head = async (s: Station) => BigInt(await nodeRpc<Hex>(s, 'eth_blockNumber'))

/**
 * Makes `nodes` namespaces on one bridged LAN, a Clique network of the first `signers` (`initNetwork` with
 * their LAN addresses and `--netrestrict` on the LAN), and joins the rest with `joinNetwork` from the
 * network's public network.json, each in its namespace, as `evswap network join` does on a new machine.
 * The signers start sealing together (`startNetwork`); the followers start without their miner, so they
 * only import (a joined station not voted in would only build blocks that Clique refuses), and are
 * waited for until they have synced to the signers' head. Everything is undone on cleanup, Ctrl-C too.
 *
 * @example
 * const net = await startNetnsNetwork({ nodes: 8, signers: 5, dir: '/tmp/bench-network/8' })
 * try { ... } finally { await net.stop() }
 */
export async function startNetnsNetwork(o: { nodes: number; signers: number; dir: string; log?: (line: string) => void }): Promise<NetnsNetwork> {
  const log = o.log ?? (() => {})
  const lan = createNetns(o.nodes)
  let all: Station[] = []
  const killAll = () => {
    for (const s of all) {
      const pid = readRunningPid(s.datadir)
      if (pid !== undefined) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // gone already
        }
      }
    }
  }
  // A geth inside a namespace keeps it alive: every node goes first, then the namespaces.
  const stop = onCleanup(
    `network of ${o.nodes}`,
    async () => {
      try {
        await Promise.all(all.map((s) => stopNode({ stations: all }, s, { force: true }).catch(() => undefined)))
      } finally {
        lan.remove()
      }
    },
    () => {
      killAll()
      lan.remove()
    },
  )
  try {
    const hosts = lan.hosts.map((h) => h.address)
    const initialised = await initNetwork({ stations: o.signers, dir: join(o.dir, 'network'), hosts: hosts.slice(0, o.signers), netrestrict: lan.cidr })
    const signers = initialised.stations.map((s, i) => ({ ...s, netns: lan.hosts[i]!.netns }))
    const network: EvswapNetwork = { ...initialised, stations: signers }
    all = [...signers]
    const followers: Station[] = []
    for (let i = o.signers; i < o.nodes; i++) {
      const name = `station-${i + 1}`
      const { station } = await joinNetwork({ description: join(network.dir, 'network.json'), dir: join(o.dir, name), host: hosts[i]!, name })
      const follower = { ...station, netns: lan.hosts[i]!.netns }
      followers.push(follower)
      all.push(follower)
    }
    log(`  ${o.signers} signers and ${followers.length} followers made, in ${o.nodes} namespaces on ${lan.cidr}`)
    await startNetwork(network, { timeoutMs: 90_000 })
    await Promise.all(
      followers.map((f) => {
        const own = loadNetwork(join(o.dir, f.name))
        return startNode({ ...own, stations: [f] }, f, { minPeers: o.signers, startMining: false, timeoutMs: 90_000 })
      }),
    )
    // Synced: every follower at or past the signers' head of now.
    const target = await head(signers[0]!)
    await Promise.all(
      followers.map((f) =>
        pollUntil(async () => ((await head(f)) >= target ? true : undefined), { what: `${f.name} to sync to block ${target}`, timeoutMs: 90_000, intervalMs: 250 }),
      ),
    )
    log(`  all ${o.nodes} nodes running and at block ${target} or later`)
    return {
      network,
      signers,
      followers,
      all,
      pids: () => all.map((s) => readRunningPid(s.datadir) ?? -1),
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
