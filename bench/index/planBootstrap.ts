import type { Address, Hex } from 'viem'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { registerEVOwnerCall } from '../../src/sdk/calls/registerEVOwnerCall.js'
import { registerStationOperatorCall } from '../../src/sdk/calls/registerStationOperatorCall.js'
import { setEnergyPriceCall } from '../../src/sdk/calls/setEnergyPriceCall.js'
import { setFeeCall } from '../../src/sdk/calls/setFeeCall.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import type { ChainShape } from './chainShape.js'
import type { IndexModel } from './IndexModel.js'
import type { PlannedBatch, PlannedBlock, PlannedRequest } from './PlannedBlock.js'
import { registerModelBattery } from './registerModelBattery.js'

/** Requests per bootstrap `executeBatch`, and bootstrap batches per block. */
const PER_BATCH = 100
const BATCHES_PER_BLOCK = 8

/**
 * The first blocks of the history, as a network starts: the super account registers every station operator
 * and EV owner and grants them E-coin, sets the fees (so charges, discharges and registrations move E-coin
 * to the treasury and every account has a ledger), then each EV registers its battery and each station its
 * stock. All of it as forward requests the super account's relay runs in batches (anvil's dev account 0).
 *
 * @example
 * const blocks = planBootstrap(model, shape, deployment, { key: superKey, address: superAddress })
 */
export function planBootstrap(model: IndexModel, shape: ChainShape, d: Deployment, superAccount: { key: Hex; address: Address }): PlannedBlock[] {
  const asSuper = (call: EvswapCall): PlannedRequest => ({ key: superAccount.key, from: superAccount.address, call, nonce: model.superNonce++ })
  const registrations = [
    ...model.stations.map((s) => asSuper(registerStationOperatorCall(d, { account: s.address, stationId: s.stationId }))),
    ...model.evs.map((e) => asSuper(registerEVOwnerCall(d, { account: e.address, evId: e.evId }))),
  ]
  const settings = [
    ...[...model.stations, ...model.evs].map((a) => asSuper(grantECoinCall(d, { to: a.address, amount: 10n ** 12n }))),
    // No energy price, and batteries without a manufacture price (registerModelBattery): every battery is
    // worth 0, so each swap's difference is 0, known when the block is planned, and its approval or denial,
    // signed blocks ahead, can name it (approveSwap names the terms it settles).
    asSuper(setEnergyPriceCall(d, { pricePerKWh: 0n })),
    asSuper(setFeeCall(d, { operation: 'Swap', fee: 100n })),
    asSuper(setFeeCall(d, { operation: 'Charge', fee: 2n })),
    asSuper(setFeeCall(d, { operation: 'Discharge', fee: 1n })),
    asSuper(setFeeCall(d, { operation: 'RegisterBattery', fee: 10n })),
    asSuper(setFeeCall(d, { operation: 'Recycle', fee: 5n })),
  ]
  const batteryIds: number[] = []
  const batteries: PlannedRequest[] = []
  for (const ev of model.evs) {
    const { call, battery } = registerModelBattery(model, d, 'ev')
    ev.battery = battery.id
    batteryIds.push(battery.id)
    batteries.push({ key: ev.key, from: ev.address, call, nonce: ev.nonce++ })
  }
  for (const s of model.stations) {
    for (let i = 0; i < shape.batteriesPerStation; i++) {
      const { call, battery } = registerModelBattery(model, d, 'station')
      s.stock.push(battery.id)
      batteryIds.push(battery.id)
      batteries.push({ key: s.key, from: s.address, call, nonce: s.nonce++ })
    }
  }
  // Registrations and settings must be mined before the batteries (only registered accounts may register one).
  return [...blocksOf(registrations, []), ...blocksOf(settings, []), ...blocksOf(batteries, batteryIds)]
}

function blocksOf(requests: PlannedRequest[], batteryIds: number[]): PlannedBlock[] {
  const batches: PlannedBatch[] = []
  for (let i = 0; i < requests.length; i += PER_BATCH) batches.push({ relayer: 0, requests: requests.slice(i, i + PER_BATCH) })
  const blocks: PlannedBlock[] = []
  let ids = 0
  for (let i = 0; i < batches.length; i += BATCHES_PER_BLOCK) {
    const part = batches.slice(i, i + BATCHES_PER_BLOCK)
    const n = part.reduce((a, b) => a + b.requests.length, 0)
    blocks.push({ batches: part, swapIds: [], batteryIds: batteryIds.slice(ids, ids + n) })
    ids += n
  }
  return blocks
}
