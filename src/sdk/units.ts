/** Unit ids name where a battery sits: an EV (1..2^31-1) or a station (STATION_FLAG | id). Mirrors `Units` in Solidity. */
export const STATION_FLAG = 0x80000000

/** The unit id of EV `evId`. */
export function evUnit(evId: number): number {
  return evId >>> 0
}

/** The unit id of station `stationId`. */
export function stationUnit(stationId: number): number {
  return (STATION_FLAG | stationId) >>> 0
}

/** Whether a unit id names a station. */
export function isStationUnit(unit: number): boolean {
  return (unit & STATION_FLAG) !== 0
}

/** "station 2" / "EV 7" */
export function describeUnit(unit: number): string {
  return isStationUnit(unit) ? `station ${(unit & ~STATION_FLAG) >>> 0}` : `EV ${unit}`
}
