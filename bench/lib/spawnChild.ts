import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { onCleanup } from './cleanup.js'

export type SpawnedChild = {
  pid: number
  child: ChildProcess
  /** SIGTERM, then SIGKILL after `graceMs` (default 10 s); resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>
  /** Resolves with the exit code (or signal) when the process exits. */
  exited: Promise<number | string>
}

/**
 * Spawns a process the benchmark owns: output appended to `logFile`, registered for cleanup so it is
 * stopped on completion, on Ctrl-C and on exit (SIGKILL as a last resort).
 *
 * @example
 * const geth = spawnChild('tools/bin/geth', args, { logFile: join(dir, 'geth.log') })
 * await geth.stop()
 */
export function spawnChild(command: string, args: readonly string[], o: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string }): SpawnedChild {
  const log = openSync(o.logFile, 'a')
  const child = spawn(command, args, { stdio: ['ignore', log, log], env: o.env ?? process.env, ...(o.cwd ? { cwd: o.cwd } : {}) })
  closeSync(log)
  if (child.pid === undefined) throw new Error(`could not start ${command}`)
  const pid = child.pid
  let code: number | string | undefined
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (c, s) => {
      code = c ?? s ?? 'unknown'
      resolve(code)
    })
  })
  const stop = async (graceMs = 10_000) => {
    if (code !== undefined) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await exited
    clearTimeout(timer)
  }
  const forget = onCleanup(`${command} (pid ${pid})`, () => stop(), () => {
    if (code === undefined) child.kill('SIGKILL')
  })
  return {
    pid,
    child,
    exited,
    async stop(graceMs) {
      await stop(graceMs)
      await forget()
    },
  }
}

/** Waits until `check` returns a value (not undefined), polling every `intervalMs`, or throws after `timeoutMs`. */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined> | T | undefined, o: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (o.timeoutMs ?? 60_000)
  let lastError: unknown
  for (;;) {
    try {
      const v = await check()
      if (v !== undefined) return v
    } catch (e) {
      lastError = e
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})` : ''}`)
    }
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 200))
  }
}

