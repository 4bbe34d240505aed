/** An inconsistency between a USB battery file and the chain (paper 3.3, "consistency checking"). */
export type AlertKind = 'invalid_file' | 'unknown_battery' | 'static_mismatch' | 'held_elsewhere' | 'behind_chain' | 'unregistered_device'

export type Alert = {
  kind: AlertKind
  folder: string
  batteryId?: number
  message: string
  /** ms since epoch when first seen */
  since: number
}
