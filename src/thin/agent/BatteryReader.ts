import type { BatteryView } from '../../sdk/reads/types.js'

/** Where the consistency check reads batteries from: the device's proven reads (createProvenBatteryReader). */
export type BatteryReader = {
  /** The battery as the chain has it now; `null` when no battery has this id. */
  read(id: number): Promise<BatteryView | null>
}
