import type { Address, Hex } from 'viem'
import { getAddress } from 'viem'
import { nodeRpc } from './nodeRpc.js'
import { readRunningPid } from './readRunningPid.js'
import type { EvswapNetwork, GethNode } from './types.js'

/** One row of {@link networkStatus}. */
export type NodeStatus = {
  /** Station index, or undefined for an extra node. */
  index: number | undefined
  name: string
  httpUrl: string
  /** Answers JSON-RPC. */
  up: boolean
  /** pid of the geth on this datadir, if one runs. */
  pid: number | undefined
  /** Its etherbase (eth_coinbase) is in the current Clique signer set. */
  signer: boolean | undefined
  etherbase: Address | undefined
  /** Its miner is running (it tries to seal when it is a signer; refused when it is not). */
  mining: boolean | undefined
  peers: number | undefined
  head: bigint | undefined
  headHash: Hex | undefined
  /** Blocks behind the highest head seen among the nodes that are up. */
  lag: bigint | undefined
}

/**
 * Asks every station (and any extra nodes given) for its head, peers and whether it is a Clique signer.
 * A node that does not answer within 1.5 s is reported down, never thrown.
 *
 * @example
 * for (const s of await networkStatus(network)) console.log(s.name, s.up, s.head, s.lag)
 */
export async function networkStatus(network: EvswapNetwork, extraNodes: readonly GethNode[] = []): Promise<NodeStatus[]> {
  const nodes: Array<GethNode & { index?: number }> = [...network.stations, ...extraNodes]
  const rows = await Promise.all(nodes.map((node) => probe(node)))
  const highest = rows.reduce<bigint | undefined>((max, r) => (r.head !== undefined && (max === undefined || r.head > max) ? r.head : max), undefined)
  return rows.map((r) => ({ ...r, lag: r.head !== undefined && highest !== undefined ? highest - r.head : undefined }))
}

async function probe(node: GethNode & { index?: number }): Promise<NodeStatus> {
  const base = { index: node.index, name: node.name, httpUrl: node.httpUrl, pid: readRunningPid(node.datadir), lag: undefined }
  const call = <T>(method: string, params: unknown[] = []) => nodeRpc<T>(node, method, params, 1500)
  try {
    const [block, peers, coinbase, signers, mining] = await Promise.all([
      call<{ number: Hex; hash: Hex }>('eth_getBlockByNumber', ['latest', false]),
      call<Hex>('net_peerCount'),
      call<Address>('eth_coinbase').catch(() => undefined),
      call<Address[]>('clique_getSigners'),
      call<boolean>('eth_mining'),
    ])
    const etherbase = coinbase ? getAddress(coinbase) : undefined
    return {
      ...base,
      up: true,
      etherbase,
      mining,
      signer: etherbase ? signers.some((s) => getAddress(s) === etherbase) : false,
      peers: Number(peers),
      head: BigInt(block.number),
      headHash: block.hash,
    }
  } catch {
    return { ...base, up: false, etherbase: undefined, mining: undefined, signer: undefined, peers: undefined, head: undefined, headHash: undefined }
  }
}
