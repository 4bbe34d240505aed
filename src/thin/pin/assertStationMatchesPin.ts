import type { Deployment } from '../../sdk/deployment.js'
import type { PinnedChain } from '../verify/PinnedChain.js'
import type { StationConfig } from './StationConfig.js'
import { StationRefusedError } from './StationRefusedError.js'
import { shortHex } from './shortHex.js'

/** The deployment's fields a station must serve as pinned, with their names in a sentence. */
const CONTRACT_FIELDS: [keyof Deployment, string][] = [
  ['forwarder', 'forwarder'],
  ['batteryInterface', 'BatteryInterface contract'],
  ['batteryProcess', 'BatteryProcess contract'],
  ['balanceProcess', 'BalanceProcess (E-coin) contract'],
  ['stationDirectory', 'StationDirectory contract'],
  ['superAccount', 'super account'],
  ['deployer', 'deployer'],
]

/** What to do about a station on another network or deployment. */
const HINT = 'remove it from --station, or re-enrol this device on purpose with `evswap device --re-pin` (for its folder only: `evswap device pin --reset --dir DIR`)'

/**
 * Checks a station's config against the device's pin: the chain (id and genesis hash) and every address of
 * the deployment. The Clique signer set is not compared: the header verification follows it from the pin.
 *
 * @throws StationRefusedError naming the station, the field, and both values
 * @example
 * assertStationMatchesPin(readStationConfig(body, label), loadPinnedChain(dir)!, 'station 2 at https://10.0.0.2:7002')
 */
export function assertStationMatchesPin(config: StationConfig, pinned: PinnedChain, stationLabel: string): void {
  if (config.chainId !== pinned.chainId || config.deployment.chainId !== pinned.chainId) {
    const got = config.chainId !== pinned.chainId ? config.chainId : config.deployment.chainId
    throw new StationRefusedError(`${stationLabel}: it is on chain ${got}, and this device was enrolled on chain ${pinned.chainId}; this station is on another network`, {
      field: 'chainId',
      got: String(got),
      pinned: String(pinned.chainId),
      hint: HINT,
    })
  }
  if (config.genesisHash.toLowerCase() !== pinned.genesisHash.toLowerCase()) {
    throw new StationRefusedError(
      `${stationLabel}: its chain's genesis differs from the one this device was enrolled on (${shortHex(config.genesisHash)}, pinned ${shortHex(pinned.genesisHash)}); this station is on another network`,
      { field: 'genesisHash', got: config.genesisHash, pinned: pinned.genesisHash, hint: HINT },
    )
  }
  for (const [field, name] of CONTRACT_FIELDS) {
    const got = String(config.deployment[field])
    const want = String(pinned.deployment[field])
    if (got.toLowerCase() === want.toLowerCase()) continue
    throw new StationRefusedError(
      `${stationLabel}: its ${name} is ${shortHex(got)}, and this device was enrolled with ${shortHex(want)}; this station serves other contracts than the ones this device was enrolled on`,
      { field: `deployment.${field}`, got, pinned: want, hint: HINT },
    )
  }
}
