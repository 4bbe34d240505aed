import net, { type Socket } from 'node:net'
import type { TLSSocket } from 'node:tls'
import type { StationTrust } from './StationTrust.js'
import { describeTrustFailure } from './describeTrustFailure.js'
import { StationTrustError } from './StationTrustError.js'

export type OpenStationSocketParameters = {
  host: string
  port: number
  /** Given for an https station: the socket is TLS, and resolves only once the station passed this trust. */
  trust?: StationTrust
  /** Connecting (and the TLS handshake) must be done within this. */
  timeoutMs?: number
}

/**
 * A connected socket to a station, plain or TLS. For TLS, nothing is written on it before the station's
 * certificate passed the device's trust (a pin, or a chain to the CA that names the host): Node's own
 * check runs with `rejectUnauthorized: false` only so that the refusal can say what to fix, and a failed
 * check destroys the socket before it is handed on.
 *
 * @example
 * const socket = await openStationSocket({ host: '127.0.0.1', port: 7002, trust: { ca: { pem, label: '--ca ca.pem' }, pins: [] } })
 */
export async function openStationSocket(p: OpenStationSocketParameters): Promise<Socket> {
  // node:tls loads only for an https station: a device on plain http never pays for it.
  const socket: Socket = p.trust
    ? (await import('node:tls')).connect({
        host: p.host,
        port: p.port,
        ...(net.isIP(p.host) ? {} : { servername: p.host }),
        ...(typeof p.trust.ca === 'object' ? { ca: p.trust.ca.pem } : {}),
        rejectUnauthorized: false,
      })
    : net.connect({ host: p.host, port: p.port })
  const ready = p.trust ? 'secureConnect' : 'connect'
  return new Promise((resolve, reject) => {
    const fail = (e: Error) => {
      socket.off(ready, onReady).off('error', onError).off('timeout', onTimeout)
      socket.destroy()
      reject(e)
    }
    const onError = (e: NodeJS.ErrnoException) => fail(p.trust && isNotTls(e) ? notTls(p.port) : e)
    const onTimeout = () => fail(Object.assign(new Error(`no answer from ${p.host}:${p.port} in ${p.timeoutMs} ms`), { name: 'TimeoutError' }))
    const onReady = () => {
      const refusal = p.trust ? describeTrustFailure(socket as TLSSocket, p.host, p.trust) : undefined
      if (refusal) return fail(refusal)
      socket.off('error', onError).off('timeout', onTimeout)
      socket.setTimeout(0)
      resolve(socket)
    }
    socket.once(ready, onReady).on('error', onError).on('timeout', onTimeout)
    if (p.timeoutMs) socket.setTimeout(p.timeoutMs)
  })
}

/** OpenSSL's words when a TLS client hello is answered by something that is not TLS (a plain HTTP 400). */
const isNotTls = (e: NodeJS.ErrnoException) => e.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || e.code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || /wrong version number|packet length too long/.test(e.message)

const notTls = (port: number) =>
  new StationTrustError(
    `it does not speak TLS on port ${port} (it answered in plain HTTP)`,
    "ask the station's operator to serve HTTPS (evswap station --tls-cert FILE --tls-key FILE), or fix the port in the URL",
  )
