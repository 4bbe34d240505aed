import type { FieldDifference } from './FieldDifference.js'

/**
 * An inconsistency between a USB battery file and the chain (paper 3.3, "consistency checking") that the
 * device cannot settle alone. It stands exactly while its divergence exists. A file the device rewrote from
 * the chain itself is no alert: see `FileUpdate`.
 * - `invalid_file`: the battery file cannot be read or is not a valid Fig. 6 file.
 * - `missing_file`: a battery folder in a USB slot holds no battery file.
 * - `unknown_battery`: the file names a battery the chain does not know.
 * - `static_mismatch`: static info differs from the chain.
 * - `held_elsewhere`: the chain says the battery sits in another unit (an approved swap whose disk has not moved).
 * - `stale_file`: a reading differs from the chain and from what this device last synced.
 * - `unregistered_device`: this device's account has no role.
 * - `station_lied`: a station claimed what proofs against the signers' headers refute; `folder` holds the
 *   station's URL. It stands until that station's claims prove true again.
 */
export type AlertKind = 'invalid_file' | 'missing_file' | 'unknown_battery' | 'static_mismatch' | 'held_elsewhere' | 'stale_file' | 'unregistered_device' | 'station_lied'

export type Alert = {
  kind: AlertKind
  folder: string
  batteryId?: number
  message: string
  /** The fields that differ, for `static_mismatch` and `stale_file`. */
  fields?: FieldDifference[]
  /** ms since epoch when first seen */
  since: number
}
