/**
 * Where a station is and what it takes, as people write it: degrees (WGS 84), the street address, opening
 * hours in OpenStreetMap's `opening_hours` style ("Mo-Fr 07:00-22:00; Sa 08:00-20:00", "24/7") and the battery
 * brands or formats it takes. The chain keeps micro-degrees and 16-byte format names (StationDirectory).
 */
export type StationPlace = {
  name: string
  latitude: number
  longitude: number
  address: string
  openingHours: string
  formats: string[]
}
