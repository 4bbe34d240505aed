import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { EvswapError } from '../../sdk/errors/EvswapError.js'
import { resolveAnvilBinary } from './resolveAnvilBinary.js'

export type StartAnvilParameters = {
  port: number
  /** Where the chain lives between runs: loaded at start if it exists, dumped every second and on exit. */
  stateFile: string
  /** Seconds between blocks (interval mining). Default 1. */
  blockTime?: number
  chainId?: number
  host?: string
  /** How long to wait for the node to answer. Default 30 s. */
  timeoutMs?: number
}

export type StartAnvilReturnType = {
  url: string
  process: ChildProcess
  /** SIGTERM (anvil dumps its state), then waits for the process to exit. Safe to call twice. */
  stop(): Promise<void>
}

/**
 * Starts the embedded chain: anvil from npm `@foundry-rs/anvil`, on the Paris fork (geth Clique networks
 * have no Shanghai opcodes, so contracts must not depend on them), with interval mining (automine stalls
 * when many transactions are sent at once) and its state kept in `stateFile`.
 *
 * @example
 * const anvil = await startAnvil({ port: 8545, stateFile: '.evswap/chain/state.json' })
 * // ...
 * await anvil.stop()
 */
export async function startAnvil(p: StartAnvilParameters): Promise<StartAnvilReturnType> {
  const { port, blockTime = 1, chainId = 31337, host = '127.0.0.1', timeoutMs = 30_000 } = p
  const stateFile = resolve(p.stateFile)
  mkdirSync(dirname(stateFile), { recursive: true })
  const bin = resolveAnvilBinary()
  const args = [
    '--hardfork', 'paris',
    '--block-time', String(blockTime),
    '--host', host,
    '--port', String(port),
    '--chain-id', String(chainId),
    '--state', stateFile,
    '--state-interval', '1',
    '--silent',
  ]
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  // Keep the last few KiB of output: with --silent it is empty unless anvil fails, and then it says why.
  let tail = ''
  const keep = (chunk: Buffer) => void (tail = (tail + chunk.toString()).slice(-4096))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as string | null }))
  const spawnError = once(child, 'error').then(([e]) => e as Error)
  // A parent that exits without calling stop() must not leave an orphaned node holding the port.
  const killOnExit = () => void child.kill('SIGTERM')
  process.once('exit', killOnExit)

  const url = `http://${host}:${port}`
  const fail = (why: string, hint: string) =>
    new EvswapError(`anvil did not start on ${url}`, { details: `${why}${tail ? `\n${tail.trim()}` : ''}`, hint })
  try {
    // anvil --silent prints nothing when ready, so readiness is its RPC answering; the process exiting or
    // failing to spawn ends the wait early.
    const ready = (async () => {
      const until = Date.now() + timeoutMs
      for (;;) {
        const id = await rpcChainId(url).catch(() => undefined)
        if (id !== undefined) return id
        if (Date.now() > until) throw fail(`no answer to eth_chainId within ${timeoutMs} ms`, 'check the port and the state file')
        await delay(50)
      }
    })()
    const answered = await Promise.race([
      ready,
      exited.then(({ code, signal }) => {
        throw fail(`anvil exited (code ${code}, signal ${signal})`, `is port ${port} in use, or is ${stateFile} corrupt?`)
      }),
      spawnError.then((e) => {
        throw fail(`could not run ${bin}: ${e.message}`, 'run npm install, or set EVSWAP_ANVIL to an anvil binary')
      }),
    ])
    if (answered !== chainId) {
      throw fail(`the node on ${url} answers chain id ${answered}, not ${chainId}`, `is another node already listening on port ${port}?`)
    }
  } catch (e) {
    process.off('exit', killOnExit)
    child.kill('SIGKILL')
    throw e
  }

  let stopping: Promise<void> | undefined
  return {
    url,
    process: child,
    stop() {
      stopping ??= (async () => {
        process.off('exit', killOnExit)
        if (child.exitCode !== null || child.signalCode !== null) return
        child.kill('SIGTERM')
        // anvil writes its state on SIGTERM; give it time, but never hang a shutdown on it.
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
        await exited
        clearTimeout(timer)
      })()
      return stopping
    },
  }
}

async function rpcChainId(url: string): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    signal: AbortSignal.timeout(1000),
  })
  const body = (await res.json()) as { result?: string }
  if (typeof body.result !== 'string') throw new Error('no result')
  return Number(BigInt(body.result))
}
