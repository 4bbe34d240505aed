import { BaseError, HttpRequestError, RpcRequestError, TimeoutError, http } from 'viem'
import { NetworkError } from './NetworkError.js'

/**
 * One JSON-RPC call over HTTP with a timeout, through viem's `http` transport (no retries: a health check
 * wants the fast failure). Used for the geth-specific namespaces (clique_*, net_*) that viem's typed
 * actions do not cover, and for health checks.
 *
 * Failures: an error the node answered, or an HTTP error status, is a NetworkError saying so; a node that
 * cannot be reached rethrows fetch's own error, whose `cause` (ECONNREFUSED with address and port) the CLI
 * turns into a sentence; a timeout is a NetworkError naming the limit.
 *
 * @example
 * const signers = await gethRpc<string[]>('http://127.0.0.1:8601', 'clique_getSigners')
 */
export async function gethRpc<T>(url: string, method: string, params: unknown[] = [], timeoutMs = 2000): Promise<T> {
  const { request } = http(url, { retryCount: 0, timeout: timeoutMs })({})
  try {
    return (await request({ method, params })) as T
  } catch (error) {
    throw describeFailure(error, `${method} on ${url}`, timeoutMs)
  }
}

function describeFailure(error: unknown, what: string, timeoutMs: number): unknown {
  if (!(error instanceof BaseError)) return error
  // viem wraps the transport's error in one named after the JSON-RPC code; the node's words are inside.
  const rpc = error.walk((e) => e instanceof RpcRequestError) as RpcRequestError | null
  if (rpc) return new NetworkError(`${what} failed: ${rpc.details}`, { hint: 'check that the node was started with this API in --http.api' })
  if (error.walk((e) => e instanceof TimeoutError)) return new NetworkError(`${what} timed out after ${timeoutMs} ms`)
  const httpError = error.walk((e) => e instanceof HttpRequestError) as HttpRequestError | null
  if (httpError?.status !== undefined) return new NetworkError(`${what} answered HTTP ${httpError.status}`, { details: httpError.details })
  return httpError?.cause ?? error
}
