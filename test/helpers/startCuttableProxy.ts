import { connect, createServer, type Socket } from 'node:net'

export type CuttableProxy = {
  /** http://127.0.0.1:<port>, forwarding every connection to the target. */
  url: string
  /** Drops every open connection and refuses new ones (accepts, then closes at once): a network cut. */
  cut(): void
  restore(): void
  /** Connections accepted and forwarded so far. */
  connections(): number
  close(): Promise<void>
}

/**
 * A TCP proxy in front of an HTTP server that a test can cut and restore, to see what a client misses
 * while the link is down and how it recovers.
 *
 * @example
 * const proxy = await startCuttableProxy('http://127.0.0.1:7001')
 * proxy.cut(); ...; proxy.restore()
 */
export async function startCuttableProxy(target: string): Promise<CuttableProxy> {
  const t = new URL(target)
  const open = new Set<Socket>()
  let down = false
  let forwarded = 0
  const server = createServer((client) => {
    if (down) return void client.destroy()
    forwarded++
    const upstream = connect(Number(t.port), t.hostname)
    for (const s of [client, upstream]) {
      open.add(s)
      s.on('error', () => {})
      s.on('close', () => {
        open.delete(s)
        client.destroy()
        upstream.destroy()
      })
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      down = true
      for (const s of open) s.destroy()
    },
    restore() {
      down = false
    },
    connections: () => forwarded,
    close: () =>
      new Promise<void>((res) => {
        for (const s of open) s.destroy()
        server.close(() => res())
      }),
  }
}
