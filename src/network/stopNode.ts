import { rmSync } from 'node:fs'
import { findStation } from './findStation.js'
import { nodePaths } from './nodePaths.js'
import { pollUntil } from './pollUntil.js'
import { readRunningPid } from './readRunningPid.js'
import type { EvswapNetwork, GethNode } from './types.js'

/** Options of {@link stopNode}. */
export type StopNodeOptions = {
  /** How long geth may take to flush and exit after SIGTERM before it gets SIGKILL (default 20 s). */
  timeoutMs?: number
  /** SIGKILL at once, like a power cut (tests of crash recovery). */
  force?: boolean
}

/** What {@link stopNode} did. */
export type StopNodeReturnType = { wasRunning: boolean; pid?: number; killed: boolean }

/**
 * Stops a node: SIGTERM so geth writes its state and closes the database, then SIGKILL if it has not exited
 * within the timeout. Only the process recorded in the node's pid file, and only if it is geth on that
 * datadir, is signalled. A node that is not running is not an error.
 *
 * @example
 * await stopNode(network, 4)                  // graceful
 * await stopNode(network, 4, { force: true }) // kill -9
 */
export async function stopNode(
  network: Pick<EvswapNetwork, 'stations'>,
  node: GethNode | number,
  options: StopNodeOptions = {},
): Promise<StopNodeReturnType> {
  const target = typeof node === 'number' ? findStation(network, node) : node
  const { timeoutMs = 20_000, force = false } = options
  const pid = readRunningPid(target.datadir)
  if (pid === undefined) {
    rmSync(nodePaths(target.datadir).pid, { force: true })
    return { wasRunning: false, killed: false }
  }
  let killed = force
  signal(pid, force ? 'SIGKILL' : 'SIGTERM')
  // Not our child (it may have been started by another `evswap` process), so there is no exit event: poll.
  const gone = async () => (readRunningPid(target.datadir) === undefined ? true : undefined)
  try {
    await pollUntil(gone, { what: `${target.name} (pid ${pid}) to exit`, timeoutMs: force ? 5000 : timeoutMs, intervalMs: 50 })
  } catch {
    killed = true
    signal(pid, 'SIGKILL')
    await pollUntil(gone, { what: `${target.name} (pid ${pid}) to exit after SIGKILL`, timeoutMs: 5000, intervalMs: 50 })
  }
  rmSync(nodePaths(target.datadir).pid, { force: true })
  return { wasRunning: true, pid, killed }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch (error) {
    // ESRCH: it exited between the check and the signal, which is what we wanted.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}
