import { existsSync, readFileSync, readdirSync } from 'node:fs'
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
      const { comm, state } = readStat(`${proc}/stat`)
      // A zombie leader of a multi-threaded process (geth is Go) may still have threads holding its
      // sockets; gone means every thread has exited.
      if (state === 'Z' || state === 'X') {
        return readdirSync(`${proc}/task`).some((tid) => !['Z', 'X'].includes(readStat(`${proc}/task/${tid}/stat`).state))
      }
      const argv = readFileSync(`${proc}/cmdline`, 'utf8').split('\0')
      // An exiting process loses its cmdline (memory) before its sockets: still holding our ports.
      if (argv.length <= 1 && argv[0] === '') return comm === 'geth'
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

/** `/proc/<pid>/stat` is "pid (comm) state ..."; comm may itself contain spaces or parentheses. */
function readStat(file: string): { comm: string; state: string } {
  try {
    const stat = readFileSync(file, 'utf8')
    const close = stat.lastIndexOf(')')
    return { comm: stat.slice(stat.indexOf('(') + 1, close), state: stat.slice(close + 2, close + 3) }
  } catch {
    // The thread or process vanished while we looked: it has exited.
    return { comm: '', state: 'X' }
  }
}
