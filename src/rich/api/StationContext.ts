import type { ServerResponse } from 'node:http'
import type { PublicClient } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'
import type { BatteryView } from '../../sdk/reads/types.js'
import type { ChainIndex } from '../events/createChainIndex.js'
import type { Relay } from '../relay/createRelay.js'
import type { SlotView } from './routes/slotRoutes.js'
import type { StationTrust } from '../../thin/tls/StationTrust.js'
import type { ChainIdentity } from './readChainIdentity.js'
import type { StoredHold } from './createHoldCache.js'
import type { SlotFeed } from '../slots/createSlotFeed.js'

/** What every route group of the station API is given. */
export type StationContext = {
  publicClient: PublicClient
  deployment: Deployment
  /** Block 0's hash and Clique's epoch (null on anvil): with the deployment, what a device pins. */
  chain: ChainIdentity
  relay: Relay
  index: ChainIndex
  station: { id: number; name: string; url: string }
  peers: string[]
  /** Whom the station trusts when it asks its peers over https. */
  peerTrust?: StationTrust
  nodeUrls: string[]
  /** Station names by Clique signer address, from the network description (none on anvil). */
  signerNames?: Record<string, string>
  blockPeriodMs: number
  /** Battery views for list routes, cached until the next chain event or head (single reads go to the chain). */
  readBatteryCached(id: number): Promise<BatteryView | null>
  /** Battery holds for list routes, cached until the next chain event (a hold that runs out is told by its `until`). */
  readHoldCached(id: number): Promise<StoredHold>
  /**
   * The USB disks in the station's swap interface now: null while it starts; absent for a station without
   * one (it then has no disks to offer).
   */
  stationSlots?: () => SlotView[] | null
  /** Changes of this station's slots and its peers' (absent without a swap interface). */
  slotFeed?: Pick<SlotFeed, 'on' | 'off'>
  /** Open SSE streams, ended on shutdown. */
  streams: Set<ServerResponse>
}
