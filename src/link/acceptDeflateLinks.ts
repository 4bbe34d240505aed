import type { IncomingMessage, Server } from 'node:http'
import type { Socket } from 'node:net'
import { DeflateLinkSocket } from './DeflateLinkSocket.js'
import { LINK_PATH, LINK_PROTOCOL } from './linkProtocol.js'

const refuse = (socket: Socket, status: string, message: string) =>
  socket.end(`HTTP/1.1 ${status}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(message)}\r\nconnection: close\r\n\r\n${message}`)

/**
 * Lets clients upgrade a connection to `server` into a compressed link (docs/api.md section 3):
 * `GET /api/link` with `Connection: Upgrade` and `Upgrade: evswap-deflate/1` is answered `101`, and the
 * same connection then carries ordinary HTTP/1.1 requests in raw deflate, served by `server` like any other
 * (same routes, limits, timeouts and client address), over TLS too when `server` is an https.Server. Any
 * other upgrade is refused with a status that says why.
 *
 * @example
 * acceptDeflateLinks(app.server) // before app.listen
 */
export function acceptDeflateLinks(server: Server): void {
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    const path = (req.url ?? '').split('?')[0]
    if (path !== LINK_PATH) return refuse(socket, '404 Not Found', `no upgrade at ${path}; the compressed link is at ${LINK_PATH}`)
    const offered = String(req.headers.upgrade ?? '').split(',').map((p) => p.trim().toLowerCase())
    if (!offered.includes(LINK_PROTOCOL)) {
      return refuse(socket, '400 Bad Request', `unknown upgrade "${req.headers.upgrade ?? ''}"; this station speaks ${LINK_PROTOCOL}`)
    }
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: ${LINK_PROTOCOL}\r\n\r\n`)
    socket.setNoDelay(true)
    // An https server takes its HTTP connections from 'secureConnection' ('connection' is raw TCP, which it
    // would try to wrap in TLS once more): the link socket is already inside the TLS session.
    server.emit('encrypted' in socket ? 'secureConnection' : 'connection', new DeflateLinkSocket(socket, head))
  })
}
