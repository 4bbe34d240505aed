import { readFileSync } from 'node:fs'

/** Linux: this thread's time on a CPU, in nanoseconds, first of its three figures. */
const THREAD_SCHEDSTAT = '/proc/thread-self/schedstat'
let threadClock = true

/**
 * CPU time of the thread running the device's JavaScript, in milliseconds: the difference around a check is
 * what the check cost the device. The checks it times await no I/O, so no other JavaScript runs meanwhile.
 * Not wall time, which on a loaded machine also counts the time the OS gave other processes; and not the
 * process's CPU (`process.cpuUsage()`), which also counts its other threads (garbage collection, compression,
 * and in a measuring script a station's own work), the fallback where Linux's per-thread clock is missing.
 * A read costs ~7 µs.
 *
 * @example
 * const t0 = cpuMs(); verify(); spent += cpuMs() - t0
 */
export function cpuMs(): number {
  if (threadClock) {
    try {
      return Number(readFileSync(THREAD_SCHEDSTAT, 'latin1').split(' ')[0]) / 1e6
    } catch {
      threadClock = false
    }
  }
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}
