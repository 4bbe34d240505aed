import type { Address, Hex } from 'viem'

/** The TCP ports one geth node listens on (all bound to 127.0.0.1). */
export type NodePorts = { http: number; ws: number; p2p: number; authrpc: number }

/** One geth node of the network: where it lives, how to reach it and which key it seals with. */
export type GethNode = {
  /** Directory name under the network dir, e.g. `station-1`. */
  name: string
  /** Absolute path of the node's datadir (chain data, keystore, password, nodekey, config, log, pid). */
  datadir: string
  /** The account geth unlocks and seals with (`--miner.etherbase`). */
  etherbase: Address
  ports: NodePorts
  httpUrl: string
  wsUrl: string
  /** `enode://<pubkey>@127.0.0.1:<p2p>`, known ahead because the node key is generated at init. */
  enode: string
}

/** An account whose private key the network hands out (relayers, deployer). Local dev network only. */
export type FundedAccount = { address: Address; privateKey: Hex }

/** A battery-swap station's rich client: a Clique signer node plus the relayer key that pays devices' gas. */
export type Station = GethNode & {
  /** 1-based station number; ports are base + index. */
  index: number
  /** The Clique signer address (same as `etherbase`; the key stays in the node's geth keystore). */
  signer: Address
  /** Funded in genesis; the station's relay sends devices' requests from it. */
  relayer: FundedAccount
}

/** Everything needed to run and use the local Clique network, as returned by `loadNetwork`. */
export type EvswapNetwork = {
  /** Absolute path of the network directory (holds network.json, genesis.json and one datadir per station). */
  dir: string
  chainId: number
  /** Seconds between blocks. */
  period: number
  epoch: number
  gasLimit: number
  /** Funded in genesis; deploys the contracts. */
  deployer: FundedAccount
  stations: Station[]
}

/** The on-disk shape of `network.json`: {@link EvswapNetwork} without `dir`, datadirs relative to the file. */
export type NetworkManifest = Omit<EvswapNetwork, 'dir'> & { version: 1 }
