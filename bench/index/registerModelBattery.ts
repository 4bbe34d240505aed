import { demoBattery } from '../../src/rich/demoBatteries.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import { registerBatteryCall } from '../../src/sdk/calls/registerBatteryCall.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import type { IndexModel, ModelBattery } from './IndexModel.js'

const batteries = {
  // Worth nothing (with the energy price 0 of planBootstrap): swap differences are 0, so planBlock knows them.
  ev: demoBattery('EV', { kWh: 60, socPercent: 100, price: 0, year: 2025, month: 6, cycles: 20 }),
  station: demoBattery('ST', { kWh: 60, socPercent: 90, price: 0, year: 2026, month: 1, cycles: 10 }),
}

/**
 * The call that registers a new battery (an EV's own, or a station's, full or nearly), and the battery the
 * model expects it to become: the next id the contract counts, a fresh tag.
 *
 * @example
 * const { call, battery } = registerModelBattery(model, deployment, 'station')
 */
export function registerModelBattery(model: IndexModel, d: Pick<Deployment, 'batteryInterface'>, kind: 'ev' | 'station'): { call: EvswapCall; battery: ModelBattery } {
  const b = batteries[kind]
  const reading = {
    energyWh: b.dynamicInfo.energyWh,
    socPermille: b.dynamicInfo.socPermille,
    chargingCount: b.dynamicInfo.chargingCount,
    dischargingCount: b.dynamicInfo.dischargingCount,
    chargingTotalTime: b.dynamicInfo.chargingTotalTime,
    dischargingTotalTime: b.dynamicInfo.dischargingTotalTime,
  }
  const tag = `0x${(++model.tagCount).toString(16).padStart(64, '0')}` as const
  const battery: ModelBattery = { id: ++model.batteryCount, energyWh: reading.energyWh, socPermille: reading.socPermille, charges: reading.chargingCount, discharges: reading.dischargingCount }
  model.batteries[battery.id] = battery
  return { call: registerBatteryCall(d, { staticInfo: b.staticInfo, reading, tag }), battery }
}
