import { Duplex } from 'node:stream'
import type { Socket } from 'node:net'
import zlib from 'node:zlib'
import { LINK_INFLATE_ALLOWANCE, LINK_MAX_INFLATE_RATIO, LINK_MEM_LEVEL, LINK_WINDOW_BITS } from './linkProtocol.js'

/**
 * A TCP (or TLS) socket whose bytes are raw deflate in both directions, with one compression state per
 * direction for the whole connection. It looks enough like a `net.Socket` (timeouts, keep-alive, ref,
 * addresses) for node:http's server and Agent to run HTTP/1.1 over it unchanged. Writes made in one turn of
 * the event loop leave in one sync flush, so a message is on the wire as soon as it is written whole.
 *
 * @example
 * server.emit('connection', new DeflateLinkSocket(socket, head)) // after answering 101 to the upgrade
 */
export class DeflateLinkSocket extends Duplex {
  readonly raw: Socket
  private readonly deflate = zlib.createDeflateRaw({ windowBits: LINK_WINDOW_BITS, memLevel: LINK_MEM_LEVEL })
  private readonly inflate = zlib.createInflateRaw({ windowBits: LINK_WINDOW_BITS })
  private flushScheduled = false
  private received = 0
  private inflated = 0

  /** `head`: bytes that arrived with the upgrade's answer (or request) and are already link data. */
  constructor(raw: Socket, head: Buffer = Buffer.alloc(0)) {
    super({ allowHalfOpen: false })
    this.raw = raw
    this.deflate.on('data', (d: Buffer) => raw.write(d))
    this.deflate.on('end', () => raw.end())
    this.deflate.on('error', (e) => this.destroy(e))
    this.inflate.on('data', (d: Buffer) => {
      this.inflated += d.length
      if (this.inflated > LINK_INFLATE_ALLOWANCE + LINK_MAX_INFLATE_RATIO * this.received) {
        this.destroy(new Error(`link: the peer's data inflates more than ${LINK_MAX_INFLATE_RATIO}x; connection closed`))
        return
      }
      if (!this.push(d)) raw.pause()
    })
    let inflateEnded = false
    this.inflate.on('end', () => {
      inflateEnded = true
      this.push(null)
    })
    this.inflate.on('error', (e) => this.destroy(Object.assign(new Error(`link: the peer sent data that is not raw deflate (${e.message})`), { code: 'ELINKDATA' })))
    const onData = (d: Buffer) => {
      this.received += d.length
      this.inflate.write(d)
    }
    if (head.length) onData(head)
    raw.on('data', onData)
    let rawEnded = false
    raw.on('end', () => {
      rawEnded = true
      this.inflate.end()
    })
    raw.on('error', (e) => this.destroy(e))
    // A peer that sends its last answer and closes: what is still inflating is delivered before the end.
    // Closed without an end (reset, destroyed): nothing more is coming.
    raw.on('close', () => (inflateEnded || !rawEnded ? this.destroy() : this.inflate.once('end', () => this.destroy())))
    raw.on('timeout', () => this.emit('timeout'))
  }

  override _read(): void {
    this.raw.resume()
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.deflate.write(chunk, callback)
    if (!this.flushScheduled) {
      this.flushScheduled = true
      setImmediate(() => {
        this.flushScheduled = false
        if (!this.destroyed) this.deflate.flush(zlib.constants.Z_SYNC_FLUSH)
      })
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.deflate.end()
    this.deflate.once('end', () => callback())
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.raw.destroy()
    this.deflate.close()
    this.inflate.close()
    callback(error)
  }

  // What node:http asks of a socket, passed to the real one.
  setTimeout(ms: number, onTimeout?: () => void): this {
    this.raw.setTimeout(ms)
    if (onTimeout) this.once('timeout', onTimeout)
    return this
  }
  setNoDelay(noDelay?: boolean): this {
    this.raw.setNoDelay(noDelay)
    return this
  }
  setKeepAlive(enable?: boolean, initialDelay?: number): this {
    this.raw.setKeepAlive(enable, initialDelay)
    return this
  }
  ref(): this {
    this.raw.ref()
    return this
  }
  unref(): this {
    this.raw.unref()
    return this
  }
  address() {
    return this.raw.address()
  }
  get remoteAddress() {
    return this.raw.remoteAddress
  }
  get remotePort() {
    return this.raw.remotePort
  }
  get remoteFamily() {
    return this.raw.remoteFamily
  }
  get localAddress() {
    return this.raw.localAddress
  }
  get localPort() {
    return this.raw.localPort
  }
  get connecting() {
    return false
  }
  /** True inside a TLS session: what node:http and fastify read to tell https from http. */
  get encrypted() {
    return (this.raw as { encrypted?: boolean }).encrypted === true
  }
}
