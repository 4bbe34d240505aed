import { http } from 'viem'

/**
 * Many JSON-RPC calls, `chunk` per batched HTTP request and one request at a time, in order; throws on any
 * error, naming the method. The batching is viem's http transport (`batch`), not hand-written JSON-RPC.
 *
 * @example
 * const counts = await rpcBatch<Hex>(url, accounts.map((a) => ['eth_getTransactionCount', [a, 'latest']]))
 */
export async function rpcBatch<T>(url: string, calls: readonly (readonly [string, unknown[]])[], chunk = 200): Promise<T[]> {
  // wait 0: the calls of one chunk are made in the same tick, so they leave as one batch of `chunk`.
  const { request } = http(url, { batch: { batchSize: chunk, wait: 0 }, retryCount: 0, timeout: 60_000 })({})
  const out: T[] = []
  for (let i = 0; i < calls.length; i += chunk) {
    const part = calls.slice(i, i + chunk)
    const results = await Promise.all(
      part.map(([method, params]) =>
        request({ method, params }).catch((error: Error & { details?: string }) => {
          throw new Error(`${method}: ${error.details ?? error.message}`, { cause: error })
        }),
      ),
    )
    out.push(...(results as T[]))
  }
  return out
}
