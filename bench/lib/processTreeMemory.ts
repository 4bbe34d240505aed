import { readdirSync, readFileSync } from 'node:fs'
import { readProcStat } from './procStat.js'

/**
 * Resident (RSS) and proportional (PSS) memory of a process and all its descendants, in kB. For a server
 * made of several processes (PostgreSQL: the postmaster, its background workers, a backend per
 * connection) RSS counts the shared buffers once per process, so PSS is the figure to add up; both are given.
 *
 * @example
 * const { pssKb, processes } = processTreeMemory(postgres.pid)
 */
export function processTreeMemory(rootPid: number): { rssKb: number; pssKb: number; processes: number } {
  const children = new Map<number, number[]>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)])
    } catch {
      // gone meanwhile
    }
  }
  let rssKb = 0
  let pssKb = 0
  let processes = 0
  const walk = (pid: number) => {
    const s = readProcStat(pid)
    if (s) {
      rssKb += s.rssKb
      pssKb += s.pssKb
      processes += 1
    }
    for (const c of children.get(pid) ?? []) walk(c)
  }
  walk(rootPid)
  return { rssKb, pssKb, processes }
}
