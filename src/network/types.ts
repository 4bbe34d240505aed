import type { Address } from 'viem'
import type { CliqueGenesis } from './createCliqueGenesis.js'

/** The TCP ports one geth node listens on. RPC (http, ws, authrpc) is bound to 127.0.0.1; p2p to the node's host. */
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
  /** The address its p2p listens on and that its enode names (its machine's address; 127.0.0.1 on one machine). */
  host: string
  httpUrl: string
  wsUrl: string
  /** `enode://<pubkey>@<host>:<p2p>`, known ahead because the node key is generated at init. */
  enode: string
  /**
   * The Linux network namespace it runs in (`ip netns exec`), when a test gives each station a machine's
   * address of its own. Its 127.0.0.1 is then the namespace's own, so this process reaches it over IPC.
   */
  netns?: string
}

/** An account known by its address only: its key stays in one station's datadir (see `readRelayerKey`). */
export type PublicAccount = { address: Address }

/** What every station may know of another one: the public part of the network description. */
export type NetworkMember = {
  /** 1-based, in the order the stations were created or joined. */
  index: number
  name: string
  /** The Clique signer address it seals with (or will, once voted in). */
  signer: Address
  /** Its relayer account, which pays its devices' gas. */
  relayer: PublicAccount
  /** Where its node takes p2p connections. */
  enode: string
}

/** A battery-swap station run from this machine: a Clique node plus the relayer that pays devices' gas. */
export type Station = GethNode & NetworkMember

/** What every node of the network agrees on: the chain and its rules, in the public description. */
export type NetworkParameters = {
  chainId: number
  /** Seconds between blocks. */
  period: number
  epoch: number
  gasLimit: number
  /** The network's addresses (CIDR, e.g. `10.0.0.0/16`): geth takes p2p connections from and to these only. */
  netrestrict?: string
  /** Funded in genesis; deploys the contracts. Its key stays with the station that created the network. */
  deployer: PublicAccount
  genesis: CliqueGenesis
}

/** Everything needed to run and use the network from this machine, as returned by `loadNetwork`. */
export type EvswapNetwork = NetworkParameters & {
  /** Absolute path of the network directory (holds network.json, genesis.json and one datadir per local station). */
  dir: string
  /** The stations whose datadir is here, on this machine. */
  stations: Station[]
  /** Every station in the description, this machine's included: public data only. */
  members: NetworkMember[]
}

/** A station as `network.json` lists it: public fields, plus where it lives for a station run from this directory. */
export type ManifestStation = NetworkMember & {
  /** Relative to network.json; only for stations run from this directory. */
  datadir?: string
  host?: string
  ports?: NodePorts
}

/**
 * The on-disk shape of `network.json`: the network's public description (anyone may have it; it holds no
 * key), plus the ports and datadirs of the stations run from its directory.
 */
export type NetworkManifest = NetworkParameters & { version: 2; stations: ManifestStation[] }
