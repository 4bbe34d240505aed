import http from 'node:http'
import https from 'node:https'

/** The part of a fetch `Response` that viem's HTTP transport reads. */
type RpcResponse = Pick<Response, 'ok' | 'status' | 'statusText' | 'body' | 'text' | 'json'> & { headers: Pick<Headers, 'get'> }

/**
 * A `fetch` for viem's `http` transport (its `fetchFn` option) over node:http with a keep-alive agent, for a
 * station's JSON-RPC to its node. Node's `fetch` (undici) spent about a quarter of a busy station's CPU on
 * its own machinery (WebAssembly parser, web streams, Response objects) in a CPU profile of `bench load`;
 * a JSON-RPC answer needs none of it: the body is read whole as text. Only what viem reads is implemented.
 *
 * @example
 * const transport = http(rpcUrl, { fetchFn: createNodeHttpFetch() })
 */
export function createNodeHttpFetch(o: { maxSockets?: number } = {}): typeof fetch {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: o.maxSockets ?? 64, maxFreeSockets: 16 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: o.maxSockets ?? 64, maxFreeSockets: 16 }),
  }
  return ((input: string | URL | Request, init: RequestInit = {}) =>
    new Promise<RpcResponse>((resolve, reject) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
      const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:']
      const headers: Record<string, string> = {}
      new Headers(init.headers).forEach((value, name) => (headers[name] = value))
      const body = typeof init.body === 'string' ? init.body : undefined
      if (init.body != null && body === undefined) return reject(new TypeError('createNodeHttpFetch sends string bodies only'))
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body))
      const request = (url.protocol === 'https:' ? https.request : http.request)(url, { method: init.method ?? 'GET', headers, agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.once('error', reject)
        res.once('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          const status = res.statusCode ?? 0
          resolve({
            ok: status >= 200 && status < 300,
            status,
            statusText: res.statusMessage ?? '',
            headers: { get: (name: string) => headerValue(res.headers[name.toLowerCase()]) },
            body: null,
            text: async () => text,
            json: async () => JSON.parse(text) as unknown,
          })
        })
      })
      const signal = init.signal
      if (signal) {
        if (signal.aborted) return request.destroy(abortReason(signal))
        const onAbort = () => request.destroy(abortReason(signal))
        signal.addEventListener('abort', onAbort, { once: true })
        request.once('close', () => signal.removeEventListener('abort', onAbort))
      }
      request.once('error', reject)
      request.end(body)
    })) as unknown as typeof fetch
}

function headerValue(v: string | string[] | undefined): string | null {
  if (v === undefined) return null
  return Array.isArray(v) ? v.join(', ') : v
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason : Object.assign(new Error('the request was aborted'), { name: 'AbortError' })
}
