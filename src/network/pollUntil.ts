import { setTimeout as delay } from 'node:timers/promises'
import { NetworkError } from './NetworkError.js'

/** Options of {@link pollUntil}. */
export type PollUntilOptions = {
  /** What is awaited, for the timeout message. */
  what: string
  timeoutMs: number
  intervalMs?: number
  /** Rejects the wait early, e.g. when the awaited process exits. */
  signal?: AbortSignal
  hint?: string
}

/**
 * Calls `check` every `intervalMs` until it returns a value other than undefined, for conditions that have
 * no event to await (another process's RPC answering, its peer count). Errors thrown by `check` count as
 * "not yet"; the last one is reported on timeout.
 *
 * @example
 * const head = await pollUntil(async () => ((await blockNumber()) >= 10n ? true : undefined), { what: 'block 10', timeoutMs: 20_000 })
 */
export async function pollUntil<T>(check: () => Promise<T | undefined>, options: PollUntilOptions): Promise<T> {
  const { what, timeoutMs, intervalMs = 100, signal, hint } = options
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    signal?.throwIfAborted()
    try {
      const value = await check()
      if (value !== undefined) return value
    } catch (error) {
      lastError = error
    }
    if (Date.now() >= deadline) {
      throw new NetworkError(`timed out after ${timeoutMs} ms waiting for ${what}`, {
        ...(lastError instanceof Error ? { details: `last error: ${lastError.message}` } : {}),
        ...(hint ? { hint } : {}),
      })
    }
    try {
      await delay(intervalMs, undefined, signal ? { signal } : undefined)
    } catch {
      signal?.throwIfAborted()
    }
  }
}
