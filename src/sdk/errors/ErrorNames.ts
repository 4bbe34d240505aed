import type { Address } from 'viem'
import type { batteryStatusNames, swapStatusNames } from '../enums.js'

/**
 * What a sentence about a contract error may look up, all optional: a name for an address ("EV 1",
 * "station 1", "the super account"), a swap's status and units, a battery's owner, holder and status.
 * Each answers `undefined` when it does not know; the sentence then says less, never something false.
 *
 * @example
 * const names: ErrorNames = { nameOf: (a) => (index.account(a) ? describeUnit(index.account(a)!.unit) : undefined) }
 */
export type ErrorNames = {
  nameOf?(address: Address): string | undefined
  swap?(id: number): ErrorNamesSwap | undefined
  battery?(id: number): ErrorNamesBattery | undefined
}

/** A swap as a sentence needs it. `None` means no swap has this id. */
export type ErrorNamesSwap = { status: (typeof swapStatusNames)[number]; evUnit?: number; stationUnit?: number }

/** A battery as a sentence needs it. */
export type ErrorNamesBattery = { owner: Address; holder: number; status: (typeof batteryStatusNames)[number] }
