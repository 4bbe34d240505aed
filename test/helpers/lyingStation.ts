import { createServer, type Server } from 'node:http'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any -- a lie rewrites whatever field it wants

/** Rewrites a station's JSON answer to `path` (with its query); returns it unchanged to tell the truth. */
export type Lie = (path: string, body: Json) => Json

/**
 * A station that lies: a real HTTP server in front of a real station API that passes every request on and
 * rewrites the JSON answers with `lie` (set or changed at any time through `lying.lie`).
 *
 * @example
 * const lying = await startLyingStation(server.url)
 * lying.lie = (path, body) => (path.startsWith('/api/chain/proof') ? { ...body, balance: '0x1' } : body)
 */
export async function startLyingStation(upstream: string): Promise<{ url: string; lie: Lie; close(): Promise<void> }> {
  const state = { lie: ((_path, body) => body) as Lie }
  const server: Server = createServer(async (req, res) => {
    try {
      const answer = await fetch(upstream + req.url, { method: req.method ?? 'GET' })
      const text = await answer.text()
      let out = text
      if ((answer.headers.get('content-type') ?? '').includes('json') && answer.status === 200) out = JSON.stringify(state.lie(req.url ?? '', JSON.parse(text)))
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' })
      res.end(out)
    } catch (e) {
      res.writeHead(502, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: { code: 'proxy', message: (e as Error).message } }))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  return {
    url,
    get lie() {
      return state.lie
    },
    set lie(fn: Lie) {
      state.lie = fn
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
