/** The EV of the paper's scenario, whichever implementation runs it. Its processes run for the whole benchmark. */
export type PaperDevice = {
  impl: '2nd' | '3rd'
  /** Starts the device's processes and waits until it is ready (the 2nd: its node synced from the station). */
  start(): Promise<void>
  /** Initialization (paper 3.3): the device reads its USB slots and registers the battery in `folder`; answers its id. */
  registerBattery(folder: string): Promise<number>
  /**
   * One discharge; answers the end-to-end time the driver saw and whether it was confirmed. The thin client
   * also answers `includedMs`: until its station's relay told the outcome, before the device proved it.
   */
  discharge(args: { batteryId: number; energyWh: number; socPermille: number; duration: number }): Promise<{ ms: number; ok: boolean; includedMs?: number; error?: string }>
  /** Asks to swap; answers the swap id. */
  requestSwap(evBatteryId: number, stationBatteryId: number): Promise<{ ms: number; swapId: number }>
  /** Runs the consistency check; answers the alert kinds. */
  check(): Promise<string[]>
  /** Stops every process of the device. */
  stop(): Promise<void>
}
