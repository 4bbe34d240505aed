import net, { type Socket } from 'node:net'
import { DeflateLinkSocket } from './DeflateLinkSocket.js'
import { LINK_PATH, LINK_PROTOCOL } from './linkProtocol.js'

export type ConnectDeflateLinkParameters = {
  host: string
  port: number
  /**
   * A socket already connected to the station (a TLS one that passed the device's trust, see
   * openStationSocket); without it, a plain TCP connection is opened.
   */
  socket?: Socket
  /** The handshake must be answered within this. */
  timeoutMs?: number
}

/** The station answered the upgrade with something other than 101: it has no compressed link. */
export class LinkRefusedError extends Error {
  constructor(readonly status: number) {
    super(`the station answered ${status} to the link upgrade`)
    this.name = 'LinkRefusedError'
  }
}

/**
 * Opens a connection to a station and upgrades it to the compressed link (see acceptDeflateLinks): the
 * socket it resolves with carries HTTP/1.1 in raw deflate. Rejects with LinkRefusedError when the station
 * does not speak it (an older station answers 404), and with the socket's error when it cannot connect.
 *
 * @example
 * const socket = await connectDeflateLink({ host: '127.0.0.1', port: 7001 })
 */
export function connectDeflateLink(p: ConnectDeflateLinkParameters): Promise<DeflateLinkSocket> {
  const raw: Socket = p.socket ?? net.connect({ host: p.host, port: p.port })
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0)
    const fail = (e: Error) => {
      cleanup()
      raw.destroy()
      reject(e)
    }
    const onError = (e: Error) => fail(e)
    const onClose = () => fail(Object.assign(new Error('the station closed the connection during the link upgrade'), { code: 'ECONNRESET' }))
    const onTimeout = () => fail(Object.assign(new Error(`no answer to the link upgrade in ${p.timeoutMs} ms`), { name: 'TimeoutError' }))
    const onData = (d: Buffer) => {
      head = Buffer.concat([head, d])
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) {
        if (head.length > 8192) fail(new Error('the answer to the link upgrade has no end of headers'))
        return
      }
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString('latin1'))?.[1] ?? 0)
      if (status !== 101) return fail(new LinkRefusedError(status))
      cleanup()
      raw.setTimeout(0)
      raw.setNoDelay(true)
      resolve(new DeflateLinkSocket(raw, head.subarray(end + 4)))
    }
    const cleanup = () => {
      raw.off('data', onData).off('error', onError).off('close', onClose).off('timeout', onTimeout)
    }
    raw.on('data', onData).on('error', onError).on('close', onClose).on('timeout', onTimeout)
    if (p.timeoutMs) raw.setTimeout(p.timeoutMs)
    const host = p.host.includes(':') ? `[${p.host}]` : p.host
    raw.write(`GET ${LINK_PATH} HTTP/1.1\r\nhost: ${host}:${p.port}\r\nconnection: upgrade\r\nupgrade: ${LINK_PROTOCOL}\r\n\r\n`)
  })
}
