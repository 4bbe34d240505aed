/** What checking cost the device: its wall time, and the CPU its process used meanwhile. */
export type CheckTime = { wallMs: number; cpuMs: number }

/**
 * Starts timing a check; the function it answers stops it. The checks it times await no I/O, so no other
 * JavaScript runs meanwhile, and on an idle machine `wallMs` is the CPU of the thread running them (on a
 * loaded one the OS's time for other processes adds to it). `cpuMs` is the whole process's
 * (`process.cpuUsage()`): V8's helper threads collecting the checks' garbage or compiling their code count,
 * and so does any other thread of the process working meanwhile (compression; in a measuring script, a
 * station's). The thread's CPU lies between the two; Node 20 has no precise per-thread clock
 * (/proc/thread-self/schedstat moves at the scheduler's ticks).
 *
 * @example
 * const stop = startCheckClock(); verify(); const { wallMs, cpuMs } = stop()
 */
export function startCheckClock(): () => CheckTime {
  const wall = performance.now()
  const cpu = process.cpuUsage()
  return () => {
    const used = process.cpuUsage(cpu)
    return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 }
  }
}
