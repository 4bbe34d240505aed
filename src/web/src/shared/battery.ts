import type { Alert, BatteryFileJson, BatteryStatus, BatteryView, Cents, DeviceBattery, FileUpdate } from './types'

/** One battery for display, whether the chain knows it yet or only its USB file does. Chain units. */
export type BatteryModel = {
  id: number | null
  folder?: string
  /** Where the numbers come from: the chain (the truth) or only the USB file. */
  source: 'chain' | 'file'
  brand: string
  status: BatteryStatus | 'Unregistered'
  energyWh: number
  socPermille: number
  price: Cents | null
  owner: string | null
  holder: number | null
  chargingCount: number
  dischargingCount: number
  chargingTotalTime: number
  dischargingTotalTime: number
  staticInfo: {
    maxChargingCount: number
    maxDischargingCount: number
    maxChargingTotalTime: number
    maxDischargingTotalTime: number
    manufactureYear: number
    manufactureMonth: number
    maxYearLimited: number
    manufacturePrice: Cents
  }
  alerts: Alert[]
  /** State of health from the chain, for a battery with a passport; an exhausted one is not offered for a swap. */
  health?: BatteryView['health']
  /** The device's last rewrite of the USB file from the chain (a neutral fact, not an alert). */
  lastFileUpdate?: FileUpdate | null
}

export function fromChain(b: BatteryView, extra: { folder?: string; alerts?: Alert[]; lastFileUpdate?: FileUpdate | null } = {}): BatteryModel {
  const s = b.staticInfo
  const d = b.dynamicInfo
  return {
    id: b.id,
    ...(extra.folder !== undefined ? { folder: extra.folder } : {}),
    source: 'chain',
    brand: s.brand,
    status: d.status,
    energyWh: d.energyWh,
    socPermille: d.socPermille,
    price: String(b.price),
    owner: d.owner,
    holder: d.holder,
    chargingCount: d.chargingCount,
    dischargingCount: d.dischargingCount,
    chargingTotalTime: d.chargingTotalTime,
    dischargingTotalTime: d.dischargingTotalTime,
    staticInfo: { ...s, manufacturePrice: String(s.manufacturePrice) },
    alerts: extra.alerts ?? [],
    ...(b.health ? { health: b.health } : {}),
    ...(extra.lastFileUpdate ? { lastFileUpdate: extra.lastFileUpdate } : {}),
  }
}

function fromFile(f: BatteryFileJson, folder: string, alerts: Alert[]): BatteryModel {
  const s = f.staticInfo
  const d = f.dynamicInfo
  const h = (hours: number) => Math.round(hours * 3600)
  const cents = (coins: number) => String(Math.round(coins * 100))
  return {
    id: f.batteryID > 0 ? f.batteryID : null,
    folder,
    source: 'file',
    brand: s.brand,
    status: f.batteryID > 0 ? 'None' : 'Unregistered',
    energyWh: Math.round(d.energy * 1000),
    socPermille: Math.round(d.SOC * 10),
    price: f.batteryID > 0 ? cents(d.price) : null,
    owner: f.ownerAddress || null,
    holder: null,
    chargingCount: d.chargingCount,
    dischargingCount: d.dischargingCount,
    chargingTotalTime: h(d.chargingTotalTime),
    dischargingTotalTime: h(d.dischargingTotalTime),
    staticInfo: {
      maxChargingCount: s.maxChargingCount,
      maxDischargingCount: s.maxDischargingCount,
      maxChargingTotalTime: h(s.maxChargingTotalTime),
      maxDischargingTotalTime: h(s.maxDischargingTotalTime),
      manufactureYear: s.manufactureYear,
      manufactureMonth: s.manufactureMonth,
      maxYearLimited: s.maxYearLimited,
      manufacturePrice: cents(s.manufacturePrice),
    },
    alerts,
  }
}

/** A battery in one of this device's USB slots: chain numbers when the chain knows it, else the file's. */
export function fromDevice(b: DeviceBattery): BatteryModel | null {
  if (b.chain) return fromChain(b.chain, { folder: b.folder, alerts: b.alerts, lastFileUpdate: b.lastFileUpdate ?? null })
  if (b.file) return fromFile(b.file, b.folder, b.alerts)
  return null
}

export function folderName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean)
  return parts[parts.length - 1] ?? path
}

export function sameAddress(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase()
}
