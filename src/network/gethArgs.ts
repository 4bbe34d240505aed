import { nodePaths } from './nodePaths.js'
import type { EvswapNetwork, GethNode } from './types.js'

/** Options of {@link gethArgs}. */
export type GethArgsOptions = {
  /** Appended last, so they override the defaults (geth takes the last value of a repeated flag). */
  extraArgs?: readonly string[]
}

/** The APIs a station's relay, GUI and status need; admin/personal/debug stay off. */
const apis = 'eth,net,web3,clique,txpool'

/**
 * The geth command line of one node of the network: full sync, archive state, no discovery (static peers
 * come from the node's config.toml, p2p on the node's host), p2p only within the network's CIDR when it has
 * one (`--netrestrict`), RPC on 127.0.0.1 only. No `--mine` and no `--unlock`: `startNode`
 * unlocks the key and starts sealing over IPC once the node has its peers (see `startMining`).
 *
 * @example
 * spawn(geth, gethArgs(network, station))
 */
export function gethArgs(network: Pick<EvswapNetwork, 'chainId' | 'gasLimit' | 'netrestrict'>, node: GethNode, options: GethArgsOptions = {}): string[] {
  const paths = nodePaths(node.datadir)
  const args = [
    '--datadir', node.datadir,
    '--config', paths.config,
    '--nodekey', paths.nodekey,
    '--networkid', String(network.chainId),
    // Snap sync needs a pivot 64 blocks deep and snap-serving peers; a young private chain has neither.
    '--syncmode', 'full',
    // Commit every block's state to disk. With geth's default (gcmode full) recent state lives in memory,
    // and a crash (kill -9, power cut) rewinds the node to the last flushed block: blocks with confirmed
    // transactions vanish locally, and a lone station has no peer to fetch them back from.
    '--gcmode', 'archive',
    '--nodiscover',
    '--nat', 'none',
    // Inbound p2p is open to anyone who reaches the port (up to geth's peer limit); this keeps out every
    // address outside the network's own (docs/network.md, "What an outsider on the p2p port can do").
    ...(network.netrestrict ? ['--netrestrict', network.netrestrict] : []),
    // IPC (0600, this user only) carries the unlock and miner_start; HTTP and WS expose only what relays,
    // GUIs and status need.
    '--ipcpath', paths.ipc,
    '--http', '--http.addr', '127.0.0.1', '--http.port', String(node.ports.http), '--http.api', apis,
    '--ws', '--ws.addr', '127.0.0.1', '--ws.port', String(node.ports.ws), '--ws.api', apis,
    '--authrpc.addr', '127.0.0.1', '--authrpc.port', String(node.ports.authrpc),
    // A relay batches many transactions from one relayer account; geth's defaults (16 per account,
    // 5120 in all) would queue a load benchmark's burst instead of sealing it.
    '--txpool.accountslots', '4096',
    '--txpool.globalslots', '16384',
    '--txpool.accountqueue', '1024',
    '--txpool.globalqueue', '4096',
    // Clique adjusts the gas limit towards the miner's target each block; keep it at the genesis value.
    '--miner.gaslimit', String(network.gasLimit),
    '--miner.etherbase', node.etherbase,
    // personal_unlockAccount, for startMining; served on IPC only (it is not in --http.api / --ws.api).
    '--rpc.enabledeprecatedpersonal',
    // geth refuses API unlocks while HTTP is on unless told. The unlocked key can then sign through
    // eth_sign/eth_signTransaction on HTTP, which listens on loopback only: local processes, which could
    // read the keystore password anyway.
    '--allow-insecure-unlock',
  ]
  // A CPU profile of a node under a benchmark's load: `go tool pprof -top http://127.0.0.1:<http port + 7000>/debug/pprof/profile?seconds=30`.
  if (process.env.EVSWAP_GETH_PPROF) args.push('--pprof', '--pprof.addr', '127.0.0.1', '--pprof.port', String(node.ports.http + 7000))
  args.push(...(options.extraArgs ?? []))
  return args
}
