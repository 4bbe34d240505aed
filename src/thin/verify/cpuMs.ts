/**
 * CPU time this process has used, in milliseconds (user + system, `process.cpuUsage()`): the difference
 * around a check is what the check cost the device. Not wall time, which on a loaded machine also counts the
 * time the OS gave other processes (at a load of 4-5 on 2 cores, up to twice the CPU). The checks it times
 * await no I/O, so no other JavaScript of the process runs meanwhile; its other threads (GC, compression)
 * may, and are counted with them.
 *
 * @example
 * const t0 = cpuMs(); verify(); spent += cpuMs() - t0
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}
