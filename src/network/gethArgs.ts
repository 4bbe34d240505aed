import { nodePaths } from './nodePaths.js'
import type { EvswapNetwork, GethNode } from './types.js'

/** Options of {@link gethArgs}. */
export type GethArgsOptions = {
  /** Seal blocks with the node's etherbase (default true). A non-signer that mines is refused by Clique. */
  mine?: boolean
  /** Appended last, so they override the defaults (geth takes the last value of a repeated flag). */
  extraArgs?: readonly string[]
}

/** The APIs a station's relay, GUI and status need; admin/personal/debug stay off. */
const apis = 'eth,net,web3,clique,txpool'

/**
 * The geth command line of one node of the network: full sync, no discovery (static peers come from the
 * node's config.toml), every listener on 127.0.0.1, and sealing with the unlocked etherbase key.
 *
 * @example
 * spawn(geth, gethArgs(network, station))
 */
export function gethArgs(network: Pick<EvswapNetwork, 'chainId' | 'gasLimit'>, node: GethNode, options: GethArgsOptions = {}): string[] {
  const paths = nodePaths(node.datadir)
  const args = [
    '--datadir', node.datadir,
    '--config', paths.config,
    '--nodekey', paths.nodekey,
    '--networkid', String(network.chainId),
    // Snap sync needs a pivot 64 blocks deep and snap-serving peers; a young private chain has neither.
    '--syncmode', 'full',
    '--nodiscover',
    '--nat', 'none',
    '--ipcdisable',
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
  ]
  if (options.mine ?? true) {
    args.push(
      '--mine',
      '--miner.etherbase', node.etherbase,
      '--unlock', node.etherbase,
      '--password', paths.password,
      // geth refuses to unlock with HTTP on unless told; the HTTP listener is loopback-only and exposes no
      // personal/admin API, so the unlocked key can only seal.
      '--allow-insecure-unlock',
    )
  }
  args.push(...(options.extraArgs ?? []))
  return args
}
