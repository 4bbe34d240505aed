/**
 * CPU time this process has used, in milliseconds (user + system, `process.cpuUsage()`, precise to the
 * microsecond): the difference around a check is what the check cost the device. The checks it times await
 * no I/O, so no other JavaScript runs meanwhile; the process's other threads (garbage collection,
 * compression) may, and are counted with them, so it is an upper bound. Not wall time, which on a loaded
 * machine also counts the time the OS gave other processes. Linux's per-thread clock in
 * /proc/thread-self/schedstat is no better: it moves at the scheduler's ticks, and over 200 sections of
 * 0.5 ms it read 23 ms.
 *
 * @example
 * const t0 = cpuMs(); verify(); spent += cpuMs() - t0
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}
