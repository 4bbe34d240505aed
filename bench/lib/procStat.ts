import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

let ticks: number | undefined

/** Clock ticks per second of /proc/<pid>/stat times (`getconf CLK_TCK`, 100 on Linux nearly always). */
export function clockTicksPerSecond(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      ticks = 100
    }
  }
  return ticks
}

/**
 * CPU time (user + system, all threads, in clock ticks) and memory of one process: resident (VmRSS), and
 * from smaps_rollup its proportional share (PSS) and what is its alone (USS = private clean + dirty), since
 * RSS also counts the pages of shared libraries and of the node binary.
 */
export type ProcStat = { cpuTicks: number; rssKb: number; pssKb: number; ussKb: number }

/**
 * Reads a process's CPU time from `/proc/<pid>/stat` (fields 14 utime and 15 stime, summed over the
 * process's threads by the kernel) and its resident set from `/proc/<pid>/status` (VmRSS). Undefined when
 * the process is gone.
 *
 * @example
 * const a = readProcStat(pid); await sleep(250); const b = readProcStat(pid)
 * const cpuPercent = ((b.cpuTicks - a.cpuTicks) / clockTicksPerSecond() / 0.25) * 100
 */
export function readProcStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // "pid (comm) state ppid ...": comm may contain spaces, so count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // fields[0] is field 3 (state), so utime (14) and stime (15) are fields[11] and fields[12].
    const cpuTicks = Number(fields[11]) + Number(fields[12])
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
    if (fields[0] === 'Z') return undefined
    let pssKb = 0
    let ussKb = 0
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
      const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0)
      pssKb = kb('Pss')
      ussKb = kb('Private_Clean') + kb('Private_Dirty')
    } catch {
      // older kernels have no smaps_rollup: leave 0
    }
    return { cpuTicks, rssKb: rss ? Number(rss[1]) : 0, pssKb, ussKb }
  } catch {
    return undefined
  }
}
