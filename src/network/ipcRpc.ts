import { createConnection } from 'node:net'
import { NetworkError } from './NetworkError.js'

/**
 * One JSON-RPC call over a geth IPC socket. IPC serves the APIs kept off HTTP (miner, admin, debug), to the
 * local user only; used to start sealing once a node has its peers. One connection per call, by hand: viem's
 * `ipc` transport keeps a cached socket and a keep-alive timer that hold a one-shot CLI open (measured in
 * docs/architecture.md, "Libraries").
 *
 * @example
 * await ipcRpc(nodePaths(station.datadir).ipc, 'miner_start')
 */
export function ipcRpc<T>(path: string, method: string, params: unknown[] = [], timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path)
    let buffer = ''
    const fail = (error: Error) => {
      socket.destroy()
      reject(error)
    }
    socket.setTimeout(timeoutMs, () => fail(new NetworkError(`${method} over ${path} timed out after ${timeoutMs} ms`)))
    socket.once('error', (error) =>
      fail(new NetworkError(`cannot reach geth IPC at ${path}: ${error.message}`, { hint: 'is the node running? `evswap network status`' })),
    )
    socket.once('connect', () => socket.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method, params })}\n`))
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8')
      let body: { result?: T; error?: { message: string } }
      try {
        body = JSON.parse(buffer)
      } catch {
        return // the reply spans several chunks
      }
      socket.end()
      if (body.error) reject(new NetworkError(`${method} over ${path} failed: ${body.error.message}`))
      else resolve(body.result as T)
    })
  })
}
