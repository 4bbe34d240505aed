// The JSON the device's local API answers (docs/api.md section 2), as it arrives over the wire:
// E-coin amounts are cents as decimal strings, energy in Wh, SOC in permille, times in seconds.

/** E-coin cents as a decimal string, e.g. "16400" for 164.00 E-coin. */
export type Cents = string
export type Address = string

export type Role = 'None' | 'EVOwner' | 'StationOperator'
export type BatteryStatus = 'None' | 'InService' | 'SwapPending' | 'Recycled'
export type SwapStatus = 'None' | 'Pending' | 'Approved' | 'Denied' | 'Cancelled'
export type OperationName = 'RegisterBattery' | 'Charge' | 'Discharge' | 'Recycle' | 'Swap'

export type AlertKind = 'invalid_file' | 'missing_file' | 'unknown_battery' | 'static_mismatch' | 'held_elsewhere' | 'stale_file' | 'unregistered_device' | 'station_lied'

/** An inconsistency between a USB battery file and the chain. */
export type Alert = {
  kind: AlertKind | (string & {})
  folder: string
  batteryId?: number
  message: string
  /** ms since epoch when first seen */
  since: number
}

/** Static info in chain units (seconds, cents). */
export type StaticInfo = {
  brand: string
  maxChargingCount: number
  maxDischargingCount: number
  maxChargingTotalTime: number
  maxDischargingTotalTime: number
  manufactureYear: number
  manufactureMonth: number
  maxYearLimited: number
  manufacturePrice: Cents
}

export type DynamicInfo = {
  owner: Address
  /** Unit id of where the battery sits: an EV id, or 0x80000000 | station id. */
  holder: number
  status: BatteryStatus
  energyWh: number
  socPermille: number
  chargingCount: number
  dischargingCount: number
  chargingTotalTime: number
  dischargingTotalTime: number
}

/** A battery as the chain knows it. */
export type BatteryView = {
  id: number
  staticInfo: StaticInfo
  dynamicInfo: DynamicInfo
  staticHash: string
  /** By the on-chain price formula. */
  price: Cents
  /** State of health of a battery with a passport (null without one); an exhausted battery is not offered for a swap. */
  health?: { stateOfCertifiedEnergyPermille: number | null; exhausted: boolean; at: number } | null
}

/** The paper's Fig. 6 battery file, in file units (kWh, %, hours, E-coin). */
export type BatteryFileJson = {
  batteryID: number
  ownerAddress: string
  filePath: string
  staticInfo: {
    brand: string
    maxChargingCount: number
    maxDischargingCount: number
    maxYearLimited: number
    maxChargingTotalTime: number
    maxDischargingTotalTime: number
    manufactureYear: number
    manufactureMonth: number
    manufacturePrice: number
  }
  dynamicInfo: {
    price: number
    energy: number
    SOC: number
    chargingCount: number
    dischargingCount: number
    chargingTotalTime: number
    dischargingTotalTime: number
  }
}

/** A battery file the device rewrote from the chain itself (after an operation or a chain event): not an alert. */
export type FileUpdate = {
  /** ms since epoch */
  at: number
  /** `chain`: the chain moved on; `user`: the rewrite was asked for. */
  reason: 'chain' | 'user'
  /** Each field that changed, before and after, in the file's units (owner as an address, or 'none'). */
  changes: { field: string; label: string; file: string; chain: string }[]
  /** The same in one neutral sentence, with the fields and both values. */
  message: string
}

/** A battery in one of the device's USB slots: its file, and what the chain says about it. */
export type DeviceBattery = {
  folder: string
  batteryId: number | null
  file: BatteryFileJson | null
  chain: BatteryView | null
  alerts: Alert[]
  /** The device's last rewrite of this file from the chain, when it made one (devices before it: absent). */
  lastFileUpdate?: FileUpdate | null
}

export type OutboxEntry = { id: string; kind: string; state: string; createdAt: number }

/** `GET /api/device` */
export type DeviceState = {
  address: Address
  role: Role
  unit: number
  unitName: string
  balance: Cents
  /** Where the device is, from its config (`--position`); null when not configured. */
  position?: Position | null
  /** The tile server of the finder's map (`--map-tiles`); null: the finder is a list alone. */
  mapTiles?: MapTiles | null
  /** This GUI is served by a station (its swap interface's device API): the station's own routes are beside it. */
  servedByStation?: boolean
  isSuper: boolean
  station: { url: string; ok?: boolean }
  stations: string[]
  /** Stations the device refused: on another chain or deployment than the one it was enrolled on. */
  refusedStations?: { station: string; reason: string }[]
  batteries: DeviceBattery[]
  alerts: Alert[]
  outbox: OutboxEntry[]
  /** The station's charger (a station's swap interface; an EV's device shows none). */
  charger?: ChargerState
}

/** One battery on the station's charger (src/thin/charger/ChargeSession.ts): W, Wh, permille, model seconds. */
export type ChargeSession = {
  batteryId: number
  requestedW: number
  powerW: number
  fullWh: number
  startWh: number
  energyWh: number
  socPermille: number
  elapsedS: number
  /** -1 while it gets no power. */
  secondsLeft: number
  state: 'charging' | 'sending' | 'done' | 'failed'
  problem?: string
}

export type ChargerState = { ratingW: number; limitW: number; sessions: ChargeSession[] }

/** A USB disk in a station's swap interface; `charging` while the station's charger charges it. */
export type Slot = { folder: string; batteryId: number | null; charging?: { energyWh: number; socPermille: number; powerW: number; secondsLeft: number } }

/** A position in degrees (WGS 84). */
export type Position = { latitude: number; longitude: number }

/** The raster tile server of the finder's map: a {z}/{x}/{y} template and the credit its terms ask for. */
export type MapTiles = { url: string; attribution: string }

/** Where a station is and what it takes (StationDirectory); `openingHours` in OpenStreetMap's style. */
export type StationPlace = Position & { name: string; address: string; openingHours: string; formats: string[] }

/** `GET /api/device/stations` */
export type StationInfo = {
  unit: number
  stationId: number
  account: Address
  /** Null until the super account places the station (or from a station too old to say). */
  place?: StationPlace | null
  /** The batteries the chain says the station holds. */
  batteries: BatteryView[]
  /** The USB disks its swap interface really has; null when the station did not answer (or is older). */
  slots?: Slot[] | null
  /** Its batteries held for an EV now: offered to no other EV until `until`. */
  holds?: RunningHold[]
}

/** A station battery held for an EV until `until` (unix seconds). */
export type RunningHold = { batteryId: number; evUnit: number; until: number; fee: Cents }

/** Where an unused hold's fee goes. */
export type ForfeitTo = 'Station' | 'Treasury' | 'EVOwner'
/** `GET /api/device/hold-terms`: the terms a new hold is taken at. */
export type HoldTermsView = { durationSeconds: number; fee: Cents; forfeitTo: ForfeitTo }
/** What the super account sets. */
export type HoldTerms = { durationMinutes: number; fee: Cents; forfeitTo: ForfeitTo }

/** `GET /api/device/quote` */
export type Quote = { difference: Cents; fee: Cents; cost: Cents }

/** `GET /api/device/swaps` */
export type SwapView = {
  id: number
  evOwner: Address
  evBatteryId: number
  stationBatteryId: number
  stationUnit: number
  status: SwapStatus
  difference: Cents
  fee: Cents
  escrow: Cents
}

/** `GET /api/device/batteries/:id/history` */
export type HistoryEntry = {
  event: string
  blockNumber: number | string
  txHash: string
  timestamp?: number | string
  args: Record<string, unknown>
}

/** What moved the E-coin of a ledger entry. */
export type LedgerKind = 'grant' | 'escrow' | 'settlement' | 'refund' | 'fee' | 'transfer'

/** One E-coin movement of the device's account (`GET /api/device/ledger`). */
export type LedgerEntry = {
  blockNumber: number
  logIndex: number
  /** Block timestamp, unix seconds, when the station knows it. */
  time?: number
  txHash: string
  kind: LedgerKind
  /** Signed from the account's point of view: negative when it paid. */
  amount: Cents
  counterparty: Address
  counterpartyName?: string
  swapId?: number
  batteryId?: number
  description: string
  balanceAfter: Cents
}

/** `GET /api/device/ledger`: newest first; `next` is the cursor of the older page, when there is one. */
export type LedgerPage = { account: Address; entries: LedgerEntry[]; next?: string }

/** `GET /api/device/accounts` */
export type AccountView = {
  address: Address
  role: Role
  unit: number
  balance: Cents
  isSuper?: boolean
  /** The super account suspended it (a stolen device's key): its requests are refused until restored. */
  suspended?: boolean
}

export type NetworkNode = { url: string; up?: boolean; head: number | string | null; peers: number | null; signer?: Address | boolean | null; lag?: number | null }

/** `GET /api/device/network` */
export type NetworkView = { nodes: NetworkNode[]; head: number | string; signers: Address[] }

/** The relay's batch transaction sent last; `gasUsed` and `blockNumber` once its receipt is seen. */
export type LastBatch = { size: number; txHash: string; sentAt: number; outcome: 'sent' | 'mined' | 'reverted' | 'no_receipt'; blockNumber?: number; gasUsed?: string }

/** `GET /api/network/overview`: this station's view of the network, for its operator (station API). */
export type NetworkOverview = {
  clique: boolean
  /** One line in plain words: "This station is sealing; 3 of 3 signers online." */
  summary: string
  head: { number: number; hash: string; timestamp: number; ageSeconds: number } | null
  stalled: boolean
  blockPeriodMs: number
  station: { signer: Address | null; mining: boolean | null; peers: number | null }
  /** A signer is online when it sealed one of the last `window` blocks. */
  window: number
  online: number
  signers: { address: Address; name: string | null; self: boolean; lastSealed: number | null; sealed: number; online: boolean }[]
  /** Newest first. */
  blocks: { number: number; hash: string; timestamp: number; transactions: number; sealer: Address | null; sealerName: string | null; inTurn: boolean | null }[]
  relay: { queued: number; sent: number; inFlight: number; lastBatch: LastBatch | null }
}

/** A Clique vote on an address: to add it as a signer (authorize) or to remove it. */
export type SignerVote = { address: Address; authorize: boolean; name: string | null }

/** `GET /api/network/votes`: the signers and the votes as the station's own node sees them. */
export type VotesView = {
  /** false on a chain without signers (the embedded anvil); `message` says so. */
  clique: boolean
  message?: string
  block: string | null
  signers: { address: Address; name: string | null }[]
  needed: number
  pending: (SignerVote & { voters: Address[] })[]
  proposals: SignerVote[]
}

/** What every operation (POST) answers. */
export type OperationResult = {
  id: string
  label: string
  status: 'confirmed' | 'failed'
  txHash?: string
  blockNumber?: number
  latencyMs: number
  includedMs?: number
  error?: string
  events: { event: string; args: Record<string, unknown> }[]
}

/** The error body of every 4xx/5xx. */
export type ApiErrorBody = { error: { code: string; message: string; field?: string; hint?: string } }
