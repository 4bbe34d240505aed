/**
 * One field where a battery's USB file and the chain differ, in the file's own (Fig. 6) units, so that a log
 * line, an alert and the GUI can all say it in words: "energy: file 52.5 kWh, chain 50 kWh".
 */
export type FieldDifference = {
  /** The field's path in the battery file, e.g. `dynamicInfo.energy`, `staticInfo.brand`, `ownerAddress`. */
  field: string
  /** What a person calls it, e.g. `energy`, `charging time`. */
  label: string
  /** The file's value with its unit, e.g. `52.5 kWh`. For a file update: the value before. */
  file: string
  /** The chain's value with its unit. For a file update: the value written. */
  chain: string
}

/** A battery file rewritten from the chain by the device: when, what changed, and why. */
export type FileUpdate = {
  /** ms since epoch. */
  at: number
  /** `chain`: the chain moved on from what this device last synced (its own operation, a station's, a fork). `user`: asked for (repair route). */
  reason: 'chain' | 'user'
  changes: FieldDifference[]
  /** The same in one neutral sentence, e.g. "battery 3's file was updated from the chain: energy 3 kWh -> 2.9 kWh". */
  message: string
}
