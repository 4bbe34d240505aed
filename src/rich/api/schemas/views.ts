import { Type, type TSchema } from '@sinclair/typebox'
import { AddressSchema, CentsSchema, HashSchema, UnitSchema } from './primitives.js'

/** Response schemas of the station API, for the OpenAPI document (replies are written by stringifyJson). */

export const DynamicInfoSchema = Type.Object(
  {
    owner: AddressSchema,
    holder: UnitSchema,
    status: Type.Union([Type.Literal('None'), Type.Literal('InService'), Type.Literal('SwapPending'), Type.Literal('Recycled')]),
    energyWh: Type.Integer(),
    socPermille: Type.Integer(),
    chargingCount: Type.Integer(),
    dischargingCount: Type.Integer(),
    chargingTotalTime: Type.Integer(),
    dischargingTotalTime: Type.Integer(),
  },
  { title: 'DynamicInfo' },
)

export const BatteryViewSchema = Type.Object(
  {
    id: Type.Integer(),
    staticInfo: Type.Object({
      brand: Type.String(),
      maxChargingCount: Type.Integer(),
      maxDischargingCount: Type.Integer(),
      maxChargingTotalTime: Type.Integer({ description: 'seconds' }),
      maxDischargingTotalTime: Type.Integer({ description: 'seconds' }),
      manufactureYear: Type.Integer(),
      manufactureMonth: Type.Integer(),
      maxYearLimited: Type.Integer(),
      manufacturePrice: CentsSchema,
    }),
    dynamicInfo: DynamicInfoSchema,
    staticHash: HashSchema,
    price: CentsSchema,
    health: Type.Optional(
      Type.Union([
        Type.Object({
          stateOfCertifiedEnergyPermille: Type.Union([Type.Integer(), Type.Null()], { description: 'state of health: remaining usable energy over certified usable energy, permille; null when the last reading did not report the remaining energy' }),
          exhausted: Type.Boolean({ description: 'under its exhaustion threshold: not offered for a swap' }),
          at: Type.Integer({ description: 'block time of the reading, unix seconds' }),
        }),
        Type.Null({ description: 'no passport' }),
      ]),
    ),
  },
  { title: 'BatteryView' },
)

/** What of a battery can change: everything but its static info (which never changes once registered). */
export const BatteryStateSchema = Type.Object(
  {
    id: Type.Integer(),
    dynamicInfo: DynamicInfoSchema,
    staticHash: HashSchema,
    price: CentsSchema,
    block: Type.Integer({ description: 'the block every value was read at' }),
    blockHash: HashSchema,
  },
  { title: 'BatteryState' },
)

const RoleSchema = Type.Union([Type.Literal('None'), Type.Literal('EVOwner'), Type.Literal('StationOperator')])

export const AccountViewSchema = Type.Object(
  {
    address: AddressSchema,
    role: RoleSchema,
    unit: UnitSchema,
    balance: CentsSchema,
    isSuper: Type.Boolean(),
    suspended: Type.Boolean({ description: 'the super account suspended it (setSuspended): its requests are refused until it is restored' }),
  },
  { title: 'AccountView' },
)

export const SwapViewSchema = Type.Object(
  {
    id: Type.Integer(),
    evOwner: AddressSchema,
    evBatteryId: Type.Integer(),
    stationBatteryId: Type.Integer(),
    stationUnit: UnitSchema,
    status: Type.Union([Type.Literal('Pending'), Type.Literal('Approved'), Type.Literal('Denied'), Type.Literal('Cancelled')]),
    difference: CentsSchema,
    fee: CentsSchema,
    escrow: CentsSchema,
  },
  { title: 'SwapView' },
)

export const EventArgsSchema = Type.Record(Type.String(), Type.Unknown(), { description: 'event arguments; integers over 2^53 and uint256 as decimal strings' })

export const RelayStatusSchema = Type.Object(
  {
    id: Type.String({ description: '<from>-<nonce>' }),
    status: Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('confirmed'), Type.Literal('failed')]),
    txHash: Type.Optional(HashSchema),
    blockNumber: Type.Optional(Type.Integer()),
    success: Type.Optional(Type.Boolean()),
    error: Type.Optional(Type.String()),
    events: Type.Optional(Type.Array(Type.Object({ event: Type.String(), args: EventArgsSchema }))),
    signature: Type.Optional(Type.String({ pattern: '^0x[0-9a-fA-F]*$', description: 'the signature of the request under this id, so its sender can tell it is its own; the answer to a POST with wait=1 leaves it out when it is the one posted' })),
  },
  { title: 'RelayStatus' },
)

const LatencySummarySchema = Type.Object({ count: Type.Integer(), p50: Type.Number(), p95: Type.Number(), p99: Type.Number(), max: Type.Number() })

export const LastBatchSchema = Type.Object(
  {
    size: Type.Integer({ description: 'requests it carried' }),
    txHash: HashSchema,
    sentAt: Type.Integer({ description: 'when it was sent, unix ms' }),
    outcome: Type.Union([Type.Literal('sent'), Type.Literal('mined'), Type.Literal('reverted'), Type.Literal('no_receipt')], {
      description: 'sent: no receipt yet; no_receipt: none came in time, its requests went back to the queue',
    }),
    blockNumber: Type.Optional(Type.Integer()),
    gasUsed: Type.Optional(Type.String({ pattern: '^[0-9]+$', description: 'gas, decimal string' })),
  },
  { title: 'LastBatch', description: "the relay's batch transaction sent last" },
)

export const RelayStatsSchema = Type.Object({
  queued: Type.Integer(),
  sent: Type.Integer(),
  batches: Type.Integer(),
  results: Type.Integer(),
  inFlight: Type.Integer({ description: 'batches sent and not yet settled' }),
  stages: Type.Object(
    { check: LatencySummarySchema, queue: LatencySummarySchema, mined: LatencySummarySchema, batchSize: LatencySummarySchema },
    { description: 'check: arrival to queued or refused; queue: queued to its batch leaving; mined: leaving to the receipt seen (ms, last 2000); batchSize: requests per batch' },
  ),
  lastBatch: Type.Union([LastBatchSchema, Type.Null()]),
})

const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])

export const NetworkOverviewSchema = Type.Object(
  {
    clique: Type.Boolean({ description: 'false on a chain without signers (the embedded anvil)' }),
    summary: Type.String({ description: 'one line in plain words: "This station is sealing; 3 of 3 signers online."' }),
    head: nullable(Type.Object({ number: Type.Integer(), hash: HashSchema, timestamp: Type.Integer({ description: 'unix seconds' }), ageSeconds: Type.Integer() })),
    stalled: Type.Boolean({ description: 'no block for ten block periods (at least 30 s)' }),
    blockPeriodMs: Type.Integer(),
    station: Type.Object({
      signer: nullable({ ...AddressSchema, description: "the address this station's node seals with, when it is a signer" }),
      mining: nullable(Type.Boolean({ description: "whether the node's miner runs (eth_mining); null when the node does not say" })),
      peers: nullable(Type.Integer({ description: "the node's p2p peers (net_peerCount)" })),
    }),
    window: Type.Integer({ description: 'a signer is online when it sealed one of this many last blocks (two rounds of the signers)' }),
    online: Type.Integer(),
    signers: Type.Array(
      Type.Object({
        address: AddressSchema,
        name: nullable(Type.String()),
        self: Type.Boolean(),
        lastSealed: nullable(Type.Integer({ description: 'the newest of the blocks listed that it sealed' })),
        sealed: Type.Integer({ description: 'blocks it sealed of the last `window`' }),
        online: Type.Boolean(),
      }),
    ),
    blocks: Type.Array(
      Type.Object({
        number: Type.Integer(),
        hash: HashSchema,
        timestamp: Type.Integer(),
        transactions: Type.Integer(),
        sealer: nullable(AddressSchema),
        sealerName: nullable(Type.String()),
        inTurn: nullable(Type.Boolean({ description: "Clique difficulty 2: sealed by the signer whose turn it was" })),
      }),
      { description: 'the last blocks, newest first' },
    ),
    relay: Type.Object({ queued: Type.Integer(), sent: Type.Integer(), inFlight: Type.Integer(), lastBatch: nullable(LastBatchSchema) }),
  },
  { title: 'NetworkOverview' },
)

export const LedgerEntrySchema = Type.Object(
  {
    blockNumber: Type.Integer(),
    logIndex: Type.Integer(),
    time: Type.Optional(Type.Integer({ description: "the block's timestamp, unix seconds, when the node gave it" })),
    txHash: HashSchema,
    kind: Type.Union([Type.Literal('grant'), Type.Literal('escrow'), Type.Literal('settlement'), Type.Literal('refund'), Type.Literal('fee'), Type.Literal('transfer')]),
    amount: Type.String({ pattern: '^-?[0-9]+$', description: "E-coin cents, decimal string, signed from the account's point of view (negative: it paid)" }),
    counterparty: AddressSchema,
    counterpartyName: Type.Optional(Type.String({ description: '"EV 1", "station 1", "the super account", "swap escrow" (the BatteryInterface contract), "the treasury"' })),
    swapId: Type.Optional(Type.Integer()),
    batteryId: Type.Optional(Type.Integer({ description: 'the battery an operation fee was paid for' })),
    description: Type.String({ description: 'one line in words, amounts in E-coin' }),
    balanceAfter: CentsSchema,
  },
  { title: 'LedgerEntry' },
)

export const LedgerPageSchema = Type.Object(
  {
    account: AddressSchema,
    entries: Type.Array(LedgerEntrySchema, { description: 'newest first' }),
    next: Type.Optional(Type.String({ description: 'the `before` cursor of the next (older) page; absent on the last page' })),
  },
  { title: 'LedgerPage' },
)
