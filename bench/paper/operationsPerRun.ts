/**
 * The device's own operations in one run of the scenario: the battery's registration, its discharges and its
 * swap request (the approval and the charge are the station's). Bytes per operation divide a run's by these.
 *
 * @example
 * operationsPerRun(3) // 5
 */
export const operationsPerRun = (discharges: number): number => discharges + 2
