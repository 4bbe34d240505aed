import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { nodePaths } from './nodePaths.js'

/**
 * Returns the pid of the geth running on `datadir`, or undefined when the pid file is missing or stale.
 * On Linux the process's command line must name this datadir, so a recycled pid is never mistaken for
 * our node (and never signalled by `stopNode`); a zombie counts as gone.
 *
 * @example
 * if (readRunningPid(station.datadir) === undefined) await startNode(station)
 */
export function readRunningPid(datadir: string): number | undefined {
  const pidFile = nodePaths(datadir).pid
  if (!existsSync(pidFile)) return undefined
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10)
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  return isOurGeth(pid, resolve(datadir)) ? pid : undefined
}

function isOurGeth(pid: number, datadir: string): boolean {
  const proc = `/proc/${pid}`
  if (existsSync('/proc/self')) {
    try {
      // Field 3 of /proc/<pid>/stat is the state; after the parenthesised command name.
      const stat = readFileSync(`${proc}/stat`, 'utf8')
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false
      const argv = readFileSync(`${proc}/cmdline`, 'utf8').split('\0')
      const at = argv.indexOf('--datadir')
      return at >= 0 && resolve(argv[at + 1] ?? '') === datadir
    } catch {
      return false
    }
  }
  try {
    process.kill(pid, 0)
    return true
  } catch {
    // ESRCH: gone. EPERM: it exists but is not ours to signal, so it cannot be our node.
    return false
  }
}
