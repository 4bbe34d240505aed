import { type Address, type Hex, getAddress, numberToHex } from 'viem'
import { networkDefaults } from './networkDefaults.js'

/** Inputs of {@link createCliqueGenesis}. */
export type CreateCliqueGenesisParameters = {
  /** The initial Clique signers (the stations' sealing keys). */
  signers: readonly Address[]
  /** Accounts funded in genesis and their balance in wei. */
  alloc: Readonly<Record<Address, bigint>>
  chainId?: number
  /** Seconds between blocks. */
  period?: number
  epoch?: number
  gasLimit?: number
}

/** A geth genesis file (the fields geth 1.13 reads for a Clique chain). */
export type CliqueGenesis = {
  config: Record<string, unknown>
  nonce: Hex
  timestamp: Hex
  extraData: Hex
  gasLimit: Hex
  difficulty: Hex
  mixHash: Hex
  coinbase: Address
  alloc: Record<string, { balance: Hex }>
}

/**
 * Builds a Clique genesis with forks up to London at block 0 and nothing later: the contracts compile for
 * evmVersion paris, and geth 1.13 would require a beacon client past the merge (no terminalTotalDifficulty,
 * no shanghaiTime/cancunTime). extraData is 32 bytes of vanity, the signers, then 65 bytes for the seal.
 *
 * @example
 * const genesis = createCliqueGenesis({ signers: [a, b], alloc: { [relayer]: 10n ** 24n } })
 */
export function createCliqueGenesis(parameters: CreateCliqueGenesisParameters): CliqueGenesis {
  const {
    signers,
    alloc,
    chainId = networkDefaults.chainId,
    period = networkDefaults.period,
    epoch = networkDefaults.epoch,
    gasLimit = networkDefaults.gasLimit,
  } = parameters
  // Clique keeps signers sorted; writing them sorted makes the genesis (and its hash) independent of key order.
  const sorted = signers.map((s) => getAddress(s)).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
  const extraData = `0x${'00'.repeat(32)}${sorted.map((s) => s.slice(2).toLowerCase()).join('')}${'00'.repeat(65)}` as Hex
  return {
    config: {
      chainId,
      homesteadBlock: 0,
      eip150Block: 0,
      eip155Block: 0,
      eip158Block: 0,
      byzantiumBlock: 0,
      constantinopleBlock: 0,
      petersburgBlock: 0,
      istanbulBlock: 0,
      muirGlacierBlock: 0,
      berlinBlock: 0,
      londonBlock: 0,
      clique: { period, epoch },
    },
    nonce: '0x0',
    timestamp: '0x0',
    extraData,
    gasLimit: numberToHex(gasLimit),
    difficulty: '0x1',
    mixHash: `0x${'00'.repeat(32)}`,
    coinbase: `0x${'00'.repeat(20)}`,
    alloc: Object.fromEntries(
      Object.entries(alloc).map(([address, balance]) => [address.slice(2).toLowerCase(), { balance: numberToHex(balance) }]),
    ),
  }
}
