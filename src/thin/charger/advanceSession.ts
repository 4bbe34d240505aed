import { acceptedPower } from './acceptedPower.js'

/** `exactWh` carries the fraction of a Wh the file cannot hold, so short ticks add up. */
export type Progress = { exactWh: number; energyWh: number; socPermille: number; powerW: number; secondsLeft: number; full: boolean }

/** Model seconds per integration step: small enough that the taper above 80 % is followed closely. */
const STEP_S = 10

/**
 * A battery's reading after `seconds` of charging at `offeredW`, from `energyWh` of `fullWh`: energy rises at
 * the power it takes (acceptedPower) until full. Whole Wh and permille, as the file and the chain hold them.
 *
 * @example
 * advanceSession({ energyWh: 5000, fullWh: 20000 }, 50_000, 360) // 10 kWh, 50 %, ...
 */
export function advanceSession(at: { energyWh: number; fullWh: number }, offeredW: number, seconds: number): Progress {
  let wh = at.energyWh
  for (let t = 0; t < seconds && wh < at.fullWh; t += STEP_S) {
    const dt = Math.min(STEP_S, seconds - t)
    wh = Math.min(at.fullWh, wh + (acceptedPower(offeredW, socOf(wh, at.fullWh)) * dt) / 3600)
  }
  // Whole Wh down, past float noise (10999.9999 is 11 kWh).
  const energyWh = Math.floor(wh + 1e-6)
  const socPermille = socOf(energyWh, at.fullWh)
  const powerW = energyWh >= at.fullWh ? 0 : acceptedPower(offeredW, socPermille)
  return { exactWh: wh, energyWh, socPermille, powerW, secondsLeft: secondsToFull(energyWh, at.fullWh, offeredW), full: energyWh >= at.fullWh }
}

const socOf = (wh: number, fullWh: number) => Math.min(1000, Math.floor((wh * 1000) / fullWh))

/** Model seconds from `energyWh` to full at `offeredW`, following the taper. */
function secondsToFull(energyWh: number, fullWh: number, offeredW: number): number {
  if (offeredW <= 0) return Infinity
  let wh = energyWh
  let s = 0
  while (wh < fullWh) {
    wh += (acceptedPower(offeredW, socOf(wh, fullWh)) * STEP_S) / 3600
    s += STEP_S
  }
  return s
}
