import { LRUCache } from 'lru-cache'
import type { RelayEntry } from './RelayEntry.js'
import type { RelayStatus } from './RelayStatus.js'

export type RequestBook = {
  /** The accepted request under `id` that has not finished yet (queued, sent, or being settled again). */
  live(id: string): RelayEntry | undefined
  /** Tracks an accepted request (again, after a fork undid its batch) until {@link RequestBook.finish}. */
  track(entry: RelayEntry): void
  /** Ends a request with its last status: kept for `status`, and told to whoever waits for it. */
  finish(entry: RelayEntry, status: RelayStatus): void
  /** Where a request is, with its signature, or undefined if the relay never accepted it (or forgot it). */
  status(id: string): RelayStatus | undefined
  /** Waits until the request is confirmed or failed, or `timeoutMs` passes; answers its status then. */
  waitFor(id: string, timeoutMs: number): Promise<RelayStatus | undefined>
  /** Live requests by where they are, and how many finished results are kept. */
  counts(): { queued: number; sent: number; results: number }
  /** Answers every waiter now (the relay is closing): its request's status, or a failure. */
  releaseWaiters(): void
}

/**
 * The relay's record of each request it accepted: the live ones, the last `resultsKept` finished ones
 * (least recently used dropped first), and who waits for which. Every stage reads or ends requests here,
 * so a status a device reads is always the one its request is in.
 *
 * @example
 * const book = createRequestBook(100_000)
 * book.track(entry)
 * book.finish(entry, { id: entry.id, status: 'confirmed' })
 */
export function createRequestBook(resultsKept: number): RequestBook {
  const live = new Map<string, RelayEntry>()
  // Bounded: a device asks for its result within seconds, and a busy station must not grow without bound.
  const results = new LRUCache<string, RelayStatus>({ max: resultsKept })
  const waiters = new Map<string, Set<(s: RelayStatus) => void>>()

  function status(id: string): RelayStatus | undefined {
    const e = live.get(id)
    // The signature tells a device whether the request under this id is the one it signed: another holder
    // of the same key may have used the same nonce.
    return e ? { ...e.status, signature: e.request.signature } : results.peek(id)
  }

  return {
    live: (id) => live.get(id),
    track(entry) {
      live.set(entry.id, entry)
    },
    finish(e, s0) {
      const s = { ...s0, signature: e.request.signature }
      e.status = s
      live.delete(e.id)
      results.set(e.id, s)
      const ws = waiters.get(e.id)
      waiters.delete(e.id)
      for (const w of ws ?? []) w(s)
    },
    status,
    waitFor(id, timeoutMs) {
      const now = status(id)
      if (!now || now.status === 'confirmed' || now.status === 'failed') return Promise.resolve(now)
      return new Promise((resolve) => {
        const set = waiters.get(id) ?? new Set()
        waiters.set(id, set)
        const done = (s: RelayStatus) => {
          clearTimeout(t)
          set.delete(done)
          resolve(s)
        }
        const t = setTimeout(() => {
          set.delete(done)
          if (set.size === 0) waiters.delete(id)
          resolve(status(id))
        }, timeoutMs)
        set.add(done)
      })
    },
    counts() {
      let sent = 0
      for (const e of live.values()) if (e.status.status === 'sent') sent++
      return { queued: live.size - sent, sent, results: results.size }
    },
    releaseWaiters() {
      for (const [id, ws] of waiters) for (const w of ws) w(status(id) ?? { id, status: 'failed', error: 'the relay closed' })
      waiters.clear()
    },
  }
}
