/**
 * Defaults of the local Clique network. Base ports are offsets: station i (1-based) listens on base + i,
 * chosen to stay clear of the embedded anvil (8545) and the station APIs (7000+).
 *
 * @example
 * const httpPort = networkDefaults.ports.http + 1 // station 1: 8601
 */
export const networkDefaults = {
  dir: '.evswap/network',
  chainId: 20180,
  /** Seconds between blocks. */
  period: 1,
  /** Blocks between Clique checkpoints (votes reset). */
  epoch: 30000,
  /** Room for a load benchmark of ~400 ops/s at ~60k gas each with 1 s blocks, with headroom. */
  gasLimit: 200_000_000,
  /** Wei given in genesis to each relayer and to the deployer (1,000,000 ether). */
  fundingWei: 10n ** 24n,
  ports: { http: 8600, ws: 8700, p2p: 30400, authrpc: 8800 },
  host: '127.0.0.1',
} as const

/** Base ports: station i uses base + i for each service. */
export type PortBases = { http: number; ws: number; p2p: number; authrpc: number }
