import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type StubStation = {
  url: string
  /** Every request target, in order. */
  seen: string[]
  /** Ends every open connection (event streams included) and stops listening. */
  close(): Promise<void>
}

/**
 * A station that answers only what a test needs, over real HTTP on 127.0.0.1, for a device stage whose
 * other side is the station's API and not the chain (the battery reader, the chain follower's stream).
 *
 * @example
 * const s = await startStubStation((req, res) => res.writeHead(200).end('{}'))
 */
export async function startStubStation(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<StubStation> {
  const seen: string[] = []
  const server = createServer((req, res) => {
    seen.push(req.url!)
    handle(req, res)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, seen, close: () => (server.closeAllConnections(), new Promise<void>((r) => server.close(() => r()))) }
}
