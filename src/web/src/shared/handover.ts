import { folderName, sameAddress } from './battery'
import { STATION_FLAG } from './format'
import type { BatteryView, DeviceState, StationInfo, SwapView } from './types'

/** One USB disk that must change hands because the chain moved its battery (after a swap's approval). */
export type DiskMove = {
  batteryId: number
  brand: string
  /** The disk's folder name, when the side that has it says (a station's slots, or this device's own). */
  folder: string | null
  /** Units: where the disk is now, where the chain says it belongs. `from` is null when nobody knows. */
  from: number | null
  to: number
  /** The approved swap that moved it, when known. */
  swapId: number | null
  /** `out`: the disk is in this device and must leave; `in`: it must come here. */
  direction: 'out' | 'in'
}

/**
 * The disks this device must hand over or receive: every disk in its slots that the chain puts in another
 * unit, and every battery an approved swap gave it whose disk is not here yet (found in a station's slots
 * when that station says, else at the other side of the swap).
 *
 * @example
 * diskMoves({ state, swaps, all, stations, unitOf }) // [{ batteryId: 3, folder: 'TOY-1', from: 1, to: 0x80000001, direction: 'out', ... }]
 */
export function diskMoves(p: { state: DeviceState; swaps: SwapView[]; all: BatteryView[]; stations: StationInfo[]; unitOf(address: string): number | null }): DiskMove[] {
  const { state } = p
  const me = state.unit
  const isStation = (me & STATION_FLAG) !== 0
  const approved = p.swaps.filter((s) => s.status === 'Approved' && (isStation ? s.stationUnit === me : sameAddress(s.evOwner, state.address))).sort((a, b) => b.id - a.id)
  const swapOf = (batteryId: number) => approved.find((s) => s.evBatteryId === batteryId || s.stationBatteryId === batteryId)?.id ?? null
  const here = new Set(state.batteries.map((d) => d.batteryId ?? d.chain?.id).filter((id): id is number => !!id))
  const moves: DiskMove[] = []

  for (const d of state.batteries) {
    const c = d.chain
    if (!c || c.dynamicInfo.status === 'Recycled' || c.dynamicInfo.holder === 0 || c.dynamicInfo.holder === me) continue
    moves.push({ batteryId: c.id, brand: c.staticInfo.brand, folder: folderName(d.folder), from: me, to: c.dynamicInfo.holder, swapId: swapOf(c.id), direction: 'out' })
  }

  const byId = new Map(p.all.map((b) => [b.id, b]))
  const seen = new Set<number>()
  for (const s of approved) {
    const id = isStation ? s.evBatteryId : s.stationBatteryId
    if (seen.has(id)) continue
    seen.add(id)
    const view = byId.get(id)
    if (!view || view.dynamicInfo.holder !== me || view.dynamicInfo.status === 'Recycled' || here.has(id)) continue
    const atStation = p.stations.find((st) => st.slots?.some((slot) => slot.batteryId === id))
    moves.push({
      batteryId: id,
      brand: view.staticInfo.brand,
      folder: atStation?.slots?.find((slot) => slot.batteryId === id)?.folder ?? null,
      from: atStation ? atStation.unit : isStation ? p.unitOf(s.evOwner) : s.stationUnit,
      to: me,
      swapId: s.id,
      direction: 'in',
    })
  }
  return moves
}

/** The demo's name of a unit for `evswap usb move` (ev, station1, station2), or null outside the demo's cast. */
export function demoDeviceName(unit: number | null): string | null {
  if (unit === null) return null
  const u = unit >>> 0
  if ((u & STATION_FLAG) !== 0) return `station${(u & ~STATION_FLAG) >>> 0}`
  return u === 1 ? 'ev' : null
}
