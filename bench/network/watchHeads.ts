import { type Socket, createConnection } from 'node:net'

/** One new head as one node announced it: when this process read it off the node's IPC socket (`performance.now()`). */
export type HeadSeen = { node: number; number: number; hash: string; at: number }

/** What {@link watchHeads} keeps up to date. */
export type HeadWatch = {
  /** Every head every node announced, in arrival order. */
  readonly seen: HeadSeen[]
  /** Each node's latest head (undefined until it announced one). */
  latest(node: number): HeadSeen | undefined
  stop(): void
}

/**
 * Subscribes to `newHeads` (`eth_subscribe`) on each node's IPC socket and stamps every announced head
 * with `performance.now()` as it arrives. geth sends a head when the block becomes the node's canonical
 * head, so the stamp is the node's import time as seen from here, with no polling interval in it. One
 * persistent connection per node; geth frames each message as one JSON line. By hand, as `ipcRpc` is:
 * viem's `watchBlocks` over its `ipc` transport works, but its cached sockets outlive the unwatch and kept
 * the benchmark's process from exiting (tried).
 *
 * @example
 * const watch = watchHeads(nodes.map((n) => nodePaths(n.datadir).ipc))
 * ... // later: watch.seen, watch.latest(0)
 * watch.stop()
 */
export function watchHeads(ipcPaths: readonly string[]): HeadWatch {
  const seen: HeadSeen[] = []
  const latest = new Map<number, HeadSeen>()
  const sockets: Socket[] = []
  let stopped = false
  ipcPaths.forEach((path, node) => {
    const connect = () => {
      if (stopped) return
      const socket = createConnection(path)
      sockets[node] = socket
      let buffer = ''
      socket.on('connect', () => socket.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads'] })}\n`))
      socket.on('data', (chunk) => {
        const at = performance.now()
        buffer += chunk.toString('utf8')
        let nl = buffer.indexOf('\n')
        while (nl >= 0) {
          const line = buffer.slice(0, nl)
          buffer = buffer.slice(nl + 1)
          nl = buffer.indexOf('\n')
          const message = JSON.parse(line) as { method?: string; params?: { result?: { number: string; hash: string } } }
          const head = message.method === 'eth_subscription' ? message.params?.result : undefined
          if (!head) continue
          const entry = { node, number: Number(head.number), hash: head.hash, at }
          seen.push(entry)
          latest.set(node, entry)
        }
      })
      socket.on('error', () => undefined)
      // A node busy importing may drop the connection: subscribe again rather than go blind.
      socket.on('close', () => setTimeout(connect, 200).unref())
    }
    connect()
  })
  return {
    seen,
    latest: (node) => latest.get(node),
    stop() {
      stopped = true
      for (const s of sockets) s?.destroy()
    },
  }
}
