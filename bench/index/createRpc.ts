/** A JSON-RPC call to one node: the result, or an error naming the method and the node's message. */
export type Rpc = <T = unknown>(method: string, params?: unknown[]) => Promise<T>

/**
 * Plain JSON-RPC over fetch (kept-alive connections), for anvil's own methods (`evm_mine`,
 * `evm_setAutomine`, `evm_snapshot`...) and the few standard ones the builder needs raw
 * (`eth_getBlockReceipts`).
 *
 * @example
 * const rpc = createRpc('http://127.0.0.1:8545')
 * await rpc('evm_mine', [1767225600])
 */
export function createRpc(url: string, timeoutMs = 300_000): Rpc {
  let id = 0
  return async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    })
    const body = (await res.json()) as { result?: T; error?: { message: string } }
    if (body.error) throw new Error(`${method}: ${body.error.message}`)
    return body.result as T
  }
}
