import { createServer } from 'node:net'
import { pollUntil } from './pollUntil.js'
import type { GethNode } from './types.js'

/**
 * Fails before geth starts when one of the node's ports stays taken for `graceMs` (default 3 s; a node
 * that was just stopped may take a moment to release them). Otherwise a different process answering on
 * the RPC port (an old geth, another network) could pass for the new node's readiness.
 *
 * @example
 * await assertPortsFree(station)
 */
export async function assertPortsFree(node: GethNode, graceMs = 3000): Promise<void> {
  for (const [service, port] of Object.entries(node.ports)) {
    await pollUntil(async () => ((await isPortFree(port)) ? true : undefined), {
      what: `${service} port ${port} of ${node.name} to be free on 127.0.0.1`,
      timeoutMs: graceMs,
      hint: 'stop what holds it (`evswap network status` shows running nodes), or init the network with other base ports',
    })
  }
}

/**
 * Whether nothing listens on 127.0.0.1:`port` (by binding it for an instant).
 *
 * @example
 * if (await isPortFree(8601)) ...
 */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)))
  })
}
