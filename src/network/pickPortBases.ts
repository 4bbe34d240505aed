import { isPortFree } from './assertPortsFree.js'
import { NetworkError } from './NetworkError.js'
import type { PortBases } from './networkDefaults.js'

/**
 * Base ports for a local network of `nodes` nodes, chosen so that every port they will take is free on
 * 127.0.0.1: node i (1-based) listens on base + i of each service. `extra` more bases come after geth's
 * four, for services of the same nodes (a station's API). Everything stays between 20000 and 32000, below
 * Linux's ephemeral range (32768+), where an outgoing connection could take a port between this check and
 * the bind.
 *
 * @example
 * const { bases } = await pickPortBases(4)
 * const { bases, extra: [api] } = await pickPortBases(4, { extra: 1 }) // station i's API on api + i
 */
export async function pickPortBases(nodes: number, options: { extra?: number } = {}): Promise<{ bases: PortBases; extra: number[] }> {
  const span = Math.max(10, nodes + 1)
  const services = 4 + (options.extra ?? 0)
  const block = span * services
  const slots = Math.floor(12_000 / block)
  for (let attempt = 0; attempt < 50 && slots > 0; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * slots) * block
    const starts = Array.from({ length: services }, (_, k) => base + k * span)
    const ports = starts.flatMap((s) => Array.from({ length: nodes }, (_, i) => s + 1 + i))
    if ((await Promise.all(ports.map(isPortFree))).every(Boolean)) {
      const [http, ws, p2p, authrpc, ...extra] = starts as [number, number, number, number, ...number[]]
      return { bases: { http, ws, p2p, authrpc }, extra }
    }
  }
  throw new NetworkError(`no free ports for ${nodes} nodes between 20000 and 32000`, { hint: 'stop leftover geth processes (`evswap network status` shows running nodes)' })
}
