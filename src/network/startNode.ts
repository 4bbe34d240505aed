import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { closeSync, existsSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { NetworkError } from './NetworkError.js'
import { assertPortsFree } from './assertPortsFree.js'
import { findStation } from './findStation.js'
import { type GethArgsOptions, gethArgs } from './gethArgs.js'
import { nodePaths } from './nodePaths.js'
import { readLogTail } from './readLogTail.js'
import { readRunningPid } from './readRunningPid.js'
import { resolveGethBinary } from './resolveGethBinary.js'
import { startMining } from './startMining.js'
import type { EvswapNetwork, GethNode } from './types.js'
import { waitForNode } from './waitForNode.js'

/** Options of {@link startNode}. */
export type StartNodeOptions = GethArgsOptions & {
  /** Wait for this many peers before sealing and resolving (default: every other station that is running). */
  minPeers?: number
  /**
   * Start sealing once the peers are connected (default true). `startNetwork` passes false and starts all
   * miners together once every node has its peers.
   */
  startMining?: boolean
  /** Default 60 s (see `waitForNode`: a lost connection is redialled only after 35 s). */
  timeoutMs?: number
  /** Path of geth; default `$EVSWAP_GETH` or tools/bin/geth. */
  geth?: string
}

/** What {@link startNode} did. */
export type StartNodeReturnType = { pid: number; alreadyRunning: boolean; peers: number; head: bigint }

/**
 * Starts one node as a detached background geth (it outlives this process; pid in `geth.pid`, output
 * appended to `geth.log` in its datadir), waits until it answers RPC and has its peers, then starts
 * sealing (see `startMining` for why not before). A node already running on that datadir is left running.
 * Pass a station, a station index, or a node made by `initExtraNode` (e.g. a non-signer that mines, to
 * watch Clique refuse it). A node with `netns` runs inside that network namespace (`ip netns exec`).
 *
 * @example
 * await startNode(network, 2, { minPeers: 3 })
 * await startNode(network, intruder) // a non-signer node, sealing attempts refused
 */
export async function startNode(
  network: Pick<EvswapNetwork, 'chainId' | 'gasLimit' | 'netrestrict' | 'stations'>,
  node: GethNode | number,
  options: StartNodeOptions = {},
): Promise<StartNodeReturnType> {
  const target = typeof node === 'number' ? findStation(network, node) : node
  const paths = nodePaths(target.datadir)
  const { timeoutMs = 60_000 } = options
  const mine = options.startMining ?? true
  const minPeers =
    options.minPeers ?? network.stations.filter((s) => s.datadir !== target.datadir && readRunningPid(s.datadir) !== undefined).length
  const running = readRunningPid(target.datadir)
  if (running !== undefined) {
    const ready = await waitForNode(target, { minPeers, timeoutMs })
    if (mine) await startMining([target], { peers: network.stations })
    return { pid: running, alreadyRunning: true, ...ready }
  }
  if (!existsSync(paths.config)) {
    throw new NetworkError(`${target.datadir} is not an initialised node directory`, {
      hint: 'create the network with `evswap network init`',
    })
  }
  const geth = resolveGethBinary(options.geth)
  // In a namespace of its own the node's ports are that namespace's: this one's say nothing about them.
  if (!target.netns) await assertPortsFree(target)
  const args = gethArgs(network, target, options)
  // `ip netns exec` enters the namespace and execs geth in place, so the pid (and geth.pid) is geth's.
  const [command, argv] = target.netns ? ['ip', ['netns', 'exec', target.netns, geth, ...args]] : [geth, args]
  const log = openSync(paths.log, 'a')
  writeSync(log, `\n=== evswap: ${new Date().toISOString()} starting ${command} ${argv.join(' ')}\n`)
  const child = spawn(command, argv, { detached: true, stdio: ['ignore', log, log] })
  closeSync(log)
  if (child.pid === undefined) {
    const [error] = (await once(child, 'error')) as [Error]
    throw new NetworkError(`could not run ${geth}: ${error.message}`, { hint: 'run scripts/install-geth.sh' })
  }
  const pid = child.pid
  // An exit while we wait means geth refused to start (port taken, bad config): fail now, with its log.
  const exited = new AbortController()
  const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
    exited.abort(
      new NetworkError(`geth for ${target.name} exited while starting (${signal ?? `code ${code}`})`, {
        details: readLogTail(paths.log, 20),
        hint: `fix the cause above (a port in use? another geth on ${target.datadir}?) and start again`,
      }),
    )
  child.once('exit', onExit)
  writeFileSync(paths.pid, `${pid}\n`)
  try {
    const ready = await waitForNode(target, { minPeers, timeoutMs, signal: exited.signal })
    if (mine) await startMining([target], { peers: network.stations })
    return { pid, alreadyRunning: false, ...ready }
  } catch (error) {
    // Leave nothing half-started behind: a node that never became ready is stopped.
    if (!exited.signal.aborted) child.kill('SIGKILL')
    rmSync(paths.pid, { force: true })
    throw error
  } finally {
    child.off('exit', onExit)
    child.unref()
  }
}
