import { approveSwapCall } from '../../src/sdk/calls/approveSwapCall.js'
import { cancelSwapCall } from '../../src/sdk/calls/cancelSwapCall.js'
import { chargeCall } from '../../src/sdk/calls/chargeCall.js'
import { denySwapCall } from '../../src/sdk/calls/denySwapCall.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import { recycleCall } from '../../src/sdk/calls/recycleCall.js'
import { requestSwapCall } from '../../src/sdk/calls/requestSwapCall.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import type { ChainShape } from './chainShape.js'
import type { IndexModel, ModelEv, ModelStation } from './IndexModel.js'
import { nextRandom } from './nextRandom.js'
import type { PlannedBlock, PlannedRequest } from './PlannedBlock.js'
import { registerModelBattery } from './registerModelBattery.js'

/** An EV asks for a swap below this state of charge (permille), if its station has a battery charged above FULL_ENOUGH. */
const LOW = 300
const FULL_ENOUGH = 800

/**
 * The operations of one block, as a busy network would have them: `stationsPerBlock` stations (round-robin)
 * each relay one batch of their own devices' requests. A station first decides the swaps asked of it in
 * earlier blocks (approves 9 in 10, denies the rest), then the batch fills with EVs discharging (a few kWh
 * each time), EVs whose battery runs low asking for a swap (and now and then cancelling one that waits),
 * and the station charging its lowest battery or, rarely, recycling a worn one and registering a new one.
 * Every request is planned to succeed: the model follows what each does, and the build checks the receipts.
 *
 * @example
 * const block = planBlock(model, shape, deployment, 1234)
 */
export function planBlock(model: IndexModel, shape: ChainShape, d: Pick<Deployment, 'batteryInterface'>, blockNumber: number): PlannedBlock {
  const rand = () => nextRandom(model)
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1))
  const block: PlannedBlock = { batches: [], swapIds: [], batteryIds: [] }
  for (let k = 0; k < shape.stationsPerBlock; k++) {
    const station = model.stations[(blockNumber * shape.stationsPerBlock + k) % model.stations.length]!
    const evs = model.evs.filter((e) => e.station === station.stationId)
    const requests: PlannedRequest[] = []
    const asStation = (call: EvswapCall) => requests.push({ key: station.key, from: station.address, call, nonce: station.nonce++ })
    const asEv = (ev: ModelEv, call: EvswapCall) => requests.push({ key: ev.key, from: ev.address, call, nonce: ev.nonce++ })

    // Swaps asked in earlier blocks: the station has seen them and decides.
    for (const swap of station.pending.filter((s) => s.requestedBlock < blockNumber).slice(0, 4)) {
      const ev = model.evs[swap.evId - 1]!
      station.pending.splice(station.pending.indexOf(swap), 1)
      ev.pendingSwap = undefined
      // Every battery of this history is worth 0 (planBootstrap), so the difference is 0.
      const terms = { swapId: swap.id, evBatteryId: ev.battery, stationBatteryId: swap.stationBattery, difference: 0n }
      if (rand() < 0.9) {
        asStation(approveSwapCall(d, terms))
        station.stock.push(ev.battery)
        ev.battery = swap.stationBattery
      } else {
        asStation(denySwapCall(d, terms))
        station.stock.push(swap.stationBattery)
      }
    }

    for (let attempts = 0; requests.length < shape.requestsPerBatch && attempts < shape.requestsPerBatch * 4; attempts++) {
      if (rand() < 0.7 && evs.length > 0) evOperation(evs[int(0, evs.length - 1)]!, station)
      else stationOperation(station)
    }
    if (requests.length > 0) block.batches.push({ relayer: 1 + ((station.stationId - 1) % 9), requests })

    function evOperation(ev: ModelEv, s: ModelStation): void {
      const battery = model.batteries[ev.battery]!
      if (ev.pendingSwap !== undefined) {
        // Tired of waiting, now and then (never for a swap the station decides in this very batch: it is no longer pending).
        if (rand() < 0.05) {
          const swap = s.pending.find((x) => x.id === ev.pendingSwap)!
          s.pending.splice(s.pending.indexOf(swap), 1)
          s.stock.push(swap.stationBattery)
          ev.pendingSwap = undefined
          asEv(ev, cancelSwapCall(d, { swapId: swap.id }))
        }
        return
      }
      if (battery.socPermille < LOW) {
        const charged = s.stock.map((id) => model.batteries[id]!).filter((b) => b.socPermille >= FULL_ENOUGH)
        if (charged.length > 0) {
          const pick = charged[int(0, charged.length - 1)]!
          s.stock.splice(s.stock.indexOf(pick.id), 1)
          const id = ++model.swapCount
          s.pending.push({ id, evId: ev.evId, stationBattery: pick.id, requestedBlock: blockNumber })
          ev.pendingSwap = id
          block.swapIds.push(id)
          asEv(ev, requestSwapCall(d, { evBatteryId: battery.id, stationBatteryId: pick.id, maxCost: 10n ** 15n }))
          return
        }
      }
      if (battery.socPermille < 60) return
      battery.energyWh = Math.max(0, battery.energyWh - int(2000, 5000))
      battery.socPermille = Math.max(0, battery.socPermille - int(40, 90))
      battery.discharges += 1
      asEv(ev, dischargeCall(d, { batteryId: battery.id, energyWh: battery.energyWh, socPermille: battery.socPermille, duration: int(600, 3600) }))
    }

    function stationOperation(s: ModelStation): void {
      if (s.stock.length === 0) return
      if (rand() < 0.003) {
        // Recycle the most charged-over battery, and register a new one in its place.
        const worn = s.stock.reduce((a, b) => (model.batteries[b]!.charges > model.batteries[a]!.charges ? b : a))
        s.stock.splice(s.stock.indexOf(worn), 1)
        asStation(recycleCall(d, { batteryId: worn }))
        const { call, battery } = registerModelBattery(model, d, 'station')
        s.stock.push(battery.id)
        block.batteryIds.push(battery.id)
        asStation(call)
        return
      }
      const lowest = s.stock.map((id) => model.batteries[id]!).reduce((a, b) => (b.socPermille < a.socPermille ? b : a))
      if (lowest.socPermille >= 1000) return
      lowest.energyWh = Math.min(60_000, lowest.energyWh + int(5000, 10_000))
      lowest.socPermille = Math.min(1000, lowest.socPermille + int(150, 250))
      lowest.charges += 1
      asStation(chargeCall(d, { batteryId: lowest.id, energyWh: lowest.energyWh, socPermille: lowest.socPermille, duration: int(900, 3600) }))
    }
  }
  return block
}
