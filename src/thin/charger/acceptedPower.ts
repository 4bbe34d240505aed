/** SOC from which a lithium battery takes less than the charger offers (constant voltage), permille. */
export const TAPER_FROM_PERMILLE = 800
/** The least fraction of the offered power it takes near full, so that a charge ends in finite time. */
const TAPER_FLOOR = 0.1

/**
 * The power a battery takes at `socPermille` when `offeredW` is offered: all of it up to 80 % SOC, then
 * falling linearly to a tenth of it at 100 % (the constant-voltage phase of a CC-CV charge).
 *
 * @example
 * acceptedPower(50_000, 900) // 25000
 */
export function acceptedPower(offeredW: number, socPermille: number): number {
  if (socPermille <= TAPER_FROM_PERMILLE) return offeredW
  const left = (1000 - Math.min(socPermille, 1000)) / (1000 - TAPER_FROM_PERMILLE)
  return offeredW * Math.max(TAPER_FLOOR, left)
}
