import { Agent, request } from 'node:http'

export type HttpClient = {
  /** One JSON request; answers the status and the parsed body (text if not JSON). */
  json<T = unknown>(method: 'GET' | 'POST', url: string, body?: unknown, timeoutMs?: number): Promise<{ status: number; body: T }>
  close(): void
}

/**
 * A lean JSON-over-HTTP client for many simulated devices at once: node:http with one keep-alive agent
 * and no per-origin socket cap (1000 devices may each hold a long poll open). Cheaper per request than
 * fetch, which matters when the simulator shares the machine with the stations it loads.
 *
 * @example
 * const http = createHttpClient()
 * const { status, body } = await http.json('POST', `${station}/api/relay`, signed)
 */
export function createHttpClient(): HttpClient {
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, maxFreeSockets: 4096 })
  return {
    json<T>(method: 'GET' | 'POST', url: string, body?: unknown, timeoutMs = 60_000) {
      return new Promise<{ status: number; body: T }>((resolve, reject) => {
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
        const req = request(
          url,
          {
            method,
            agent,
            headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
            timeout: timeoutMs,
          },
          (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8')
              let parsed: unknown = text
              try {
                parsed = text ? JSON.parse(text) : null
              } catch {
                // not JSON
              }
              resolve({ status: res.statusCode ?? 0, body: parsed as T })
            })
            res.on('error', reject)
          },
        )
        req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${url}`)))
        req.on('error', reject)
        req.end(payload)
      })
    },
    close: () => agent.destroy(),
  }
}
