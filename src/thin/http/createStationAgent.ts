import type { Agent, AgentOptions } from 'node:http'
import type { Duplex } from 'node:stream'
import { connectDeflateLink, LinkRefusedError } from '../../link/connectDeflateLink.js'
import type { StationTrust } from '../tls/StationTrust.js'
import { openStationSocket } from '../tls/openStationSocket.js'

/** How long a station that refused the link is spoken to in plain HTTP before the link is tried again. */
const PLAIN_FOR_MS = 10 * 60_000
const HANDSHAKE_TIMEOUT_MS = 10_000

type AgentClass = new (options?: AgentOptions) => Agent
type CreateConnection = (options: Record<string, unknown>, callback: (err: Error | null, socket?: Duplex) => void) => Duplex | undefined

export type StationAgentOptions = {
  /** Try the compressed link (src/link, docs/api.md section 3) on each new connection. */
  link: boolean
  /** For an https agent: whom the device trusts (see openStationSocket); omitted for http. */
  trust?: StationTrust
}

/**
 * A keep-alive Agent (of node:http or node:https) whose connections the device opens itself: over TLS, a
 * socket reaches the agent only once the station passed the device's trust; with `link`, each new
 * connection is then upgraded to the compressed link for stations that speak it, and stays plain for
 * those that do not (they answer the upgrade with 404; noted for PLAIN_FOR_MS). Requests, answers and
 * their failures (refused, reset, timed out, untrusted) look the same to the caller either way, so
 * failover is unchanged.
 *
 * @example
 * const agent = createStationAgent(https.Agent, { keepAlive: true, maxFreeSockets: 2 }, { link: true, trust })
 */
export function createStationAgent(Base: AgentClass, options: AgentOptions, o: StationAgentOptions): Agent {
  const agent = new Base(options)
  const target = agent as unknown as { createConnection: CreateConnection }
  const plainUntil = new Map<string, number>()
  target.createConnection = (opts, callback) => {
    const host = String(opts.host ?? 'localhost')
    const port = Number(opts.port)
    const key = `${host}:${port}`
    const open = () => openStationSocket({ host, port, timeoutMs: HANDSHAKE_TIMEOUT_MS, ...(o.trust ? { trust: o.trust } : {}) })
    const opened = open()
    if (!o.link || (plainUntil.get(key) ?? 0) > Date.now()) {
      opened.then((socket) => callback(null, socket), (e: Error) => callback(e))
      return undefined
    }
    opened
      .then((socket) => connectDeflateLink({ host, port, socket, timeoutMs: HANDSHAKE_TIMEOUT_MS }))
      .then(
        (socket) => callback(null, socket),
        (e: unknown) => {
          if (!(e instanceof LinkRefusedError)) return callback(e as Error)
          plainUntil.set(key, Date.now() + PLAIN_FOR_MS)
          open().then((socket) => callback(null, socket), (err: Error) => callback(err))
        },
      )
    return undefined
  }
  return agent
}
