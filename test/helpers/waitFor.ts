import { once, type EventEmitter } from 'node:events'

/**
 * Waits until `predicate` holds, re-evaluating it each time `emitter` emits `event` (an agent's 'state').
 * Fails after `timeoutMs` with `what` in the message.
 */
export async function waitForState<T>(emitter: EventEmitter, predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await predicate()
    if (v) return v
    const left = deadline - Date.now()
    if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await once(emitter, 'state', { signal: AbortSignal.timeout(left) }).catch(() => {})
  }
}
