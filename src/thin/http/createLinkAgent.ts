import type { Agent, AgentOptions } from 'node:http'
import type { Duplex } from 'node:stream'
import type { ConnectionOptions } from 'node:tls'
import { connectDeflateLink, LinkRefusedError } from '../../link/connectDeflateLink.js'

/** How long a station that refused the link is spoken to in plain HTTP before the link is tried again. */
const PLAIN_FOR_MS = 10 * 60_000
const HANDSHAKE_TIMEOUT_MS = 10_000

type AgentClass = new (options?: AgentOptions) => Agent
type CreateConnection = (options: Record<string, unknown>, callback: (err: Error | null, socket?: Duplex) => void) => Duplex | undefined

/**
 * A keep-alive Agent (of node:http or node:https) whose new connections are compressed links
 * (src/link, docs/api.md section 3) to stations that speak it, and plain connections to those that do not
 * (they answer the upgrade with 404; noted for PLAIN_FOR_MS). Requests, answers and their failures
 * (refused, reset, timed out) look the same to the caller either way, so failover is unchanged.
 *
 * @example
 * const agent = createLinkAgent(http.Agent, { keepAlive: true, maxFreeSockets: 2 }, false)
 */
export function createLinkAgent(Base: AgentClass, options: AgentOptions, tls: boolean): Agent {
  const agent = new Base(options)
  const target = agent as unknown as { createConnection: CreateConnection }
  const plain = target.createConnection.bind(agent)
  const plainUntil = new Map<string, number>()
  target.createConnection = (opts, callback) => {
    const host = String(opts.host ?? 'localhost')
    const port = Number(opts.port)
    const key = `${host}:${port}`
    if ((plainUntil.get(key) ?? 0) > Date.now()) return plain(opts, () => {})
    connectDeflateLink({ host, port, timeoutMs: HANDSHAKE_TIMEOUT_MS, ...(tls ? { tls: opts as ConnectionOptions } : {}) }).then(
      (socket) => callback(null, socket),
      (e: unknown) => {
        if (!(e instanceof LinkRefusedError)) return callback(e as Error)
        plainUntil.set(key, Date.now() + PLAIN_FOR_MS)
        callback(null, plain(opts, () => {}))
      },
    )
    return undefined
  }
  return agent
}
