/** The charger a station starts with when not told: 50 kW a battery, 150 kW for the station, real time. */
export const DEFAULT_CHARGER = { ratingW: 50_000, limitW: 150_000, speedup: 1 }
