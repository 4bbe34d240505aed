import { NetworkError } from './NetworkError.js'

/**
 * One JSON-RPC call over HTTP with a timeout. Used for the geth-specific namespaces (clique_*, net_*) that
 * viem's typed actions do not cover, and for health checks where a fast failure is the answer.
 *
 * @example
 * const signers = await gethRpc<string[]>('http://127.0.0.1:8601', 'clique_getSigners')
 */
export async function gethRpc<T>(url: string, method: string, params: unknown[] = [], timeoutMs = 2000): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  })
  if (!response.ok) {
    throw new NetworkError(`${method} on ${url} answered HTTP ${response.status}`, { details: await response.text() })
  }
  const body = (await response.json()) as { result?: T; error?: { code: number; message: string } }
  if (body.error) {
    throw new NetworkError(`${method} on ${url} failed: ${body.error.message}`, {
      hint: 'check that the node was started with this API in --http.api',
    })
  }
  return body.result as T
}
