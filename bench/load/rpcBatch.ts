import type { HttpClient } from './createHttpClient.js'

/**
 * Many JSON-RPC calls as batched HTTP requests (`chunk` per request, in order); throws on any error.
 *
 * @example
 * const counts = await rpcBatch<Hex>(http, url, accounts.map((a) => ['eth_getTransactionCount', [a, 'latest']]))
 */
export async function rpcBatch<T>(http: HttpClient, url: string, calls: readonly (readonly [string, unknown[]])[], chunk = 200): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < calls.length; i += chunk) {
    const part = calls.slice(i, i + chunk)
    const r = await http.json<{ id: number; result?: T; error?: { message: string } }[]>(
      'POST',
      url,
      part.map(([method, params], j) => ({ jsonrpc: '2.0', id: i + j, method, params })),
    )
    if (!Array.isArray(r.body)) throw new Error(`batch RPC to ${url} answered HTTP ${r.status}`)
    const byId = new Map(r.body.map((x) => [x.id, x]))
    part.forEach((_, j) => {
      const x = byId.get(i + j)
      if (!x || x.error) throw new Error(`${part[j]![0]}: ${x?.error?.message ?? 'no answer'}`)
      out.push(x.result as T)
    })
  }
  return out
}
