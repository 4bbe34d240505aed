import { batteryInterfaceAbi } from './abi/batteryInterface.js'
import { batteryProcessAbi } from './abi/batteryProcess.js'
import { balanceProcessAbi } from './abi/balanceProcess.js'
import { evswapForwarderAbi } from './abi/evswapForwarder.js'
import { stationDirectoryAbi } from './abi/stationDirectory.js'

/** Every event and error of the five contracts, for decoding logs and reverts from any of them. */
export const evswapAbi = [
  ...batteryInterfaceAbi,
  ...batteryProcessAbi.filter((x) => x.type === 'event' || x.type === 'error'),
  ...balanceProcessAbi.filter((x) => x.type === 'event' || x.type === 'error'),
  ...evswapForwarderAbi.filter((x) => x.type === 'event' || x.type === 'error'),
  ...stationDirectoryAbi.filter((x) => x.type === 'event' || x.type === 'error'),
] as const
