/** One TCP socket as `ss -tinpH` shows it, with the pids that hold it. */
export type SsSocket = {
  local: string
  peer: string
  localPort: number
  peerPort: number
  pids: number[]
  /** Payload bytes sent (tcp_info bytes_sent, retransmissions included) and received, over the socket's life. */
  bytesSent: number
  bytesReceived: number
}

const portOf = (endpoint: string) => Number(endpoint.slice(endpoint.lastIndexOf(':') + 1))

/**
 * Parses `ss -tinpH` (TCP, internal info, processes, no header): a socket line (state, queues, local,
 * peer, `users:((…,pid=N,fd=M),…)`) followed by an indented line of tcp_info that carries `bytes_sent:`
 * and `bytes_received:` (left out by ss while zero).
 *
 * @example
 * const sockets = parseSs(execFileSync('ss', ['-tinpH'], { encoding: 'utf8' }))
 */
export function parseSs(text: string): SsSocket[] {
  const out: SsSocket[] = []
  let current: SsSocket | undefined
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    if (/^\s/.test(line)) {
      if (!current) continue
      current.bytesSent = Number(/\bbytes_sent:(\d+)/.exec(line)?.[1] ?? 0)
      current.bytesReceived = Number(/\bbytes_received:(\d+)/.exec(line)?.[1] ?? 0)
      continue
    }
    const parts = line.trim().split(/\s+/)
    // State Recv-Q Send-Q Local Peer [users:(...)]
    const local = parts[3] ?? ''
    const peer = parts[4] ?? ''
    const users = line.slice(line.indexOf('users:'))
    const pids = line.includes('users:') ? [...users.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])) : []
    current = { local, peer, localPort: portOf(local), peerPort: portOf(peer), pids: [...new Set(pids)], bytesSent: 0, bytesReceived: 0 }
    out.push(current)
  }
  return out
}
