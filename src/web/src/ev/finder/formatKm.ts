/** A distance as the finder shows it: "0.96 km" under 1 km, else one decimal ("2.8 km"), "—" when unknown. */
export function formatKm(km: number | null): string {
  if (km === null) return '—'
  return `${km.toFixed(km < 1 ? 2 : 1)} km`
}
