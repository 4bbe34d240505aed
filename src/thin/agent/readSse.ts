/**
 * Reads a server-sent-events stream (Node 20 has no EventSource) and calls `onEvent` for each event until
 * the stream ends or `signal` aborts.
 */
export async function readSse(
  url: string,
  onEvent: (event: string, data: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const res = await fetch(url, { headers: { accept: 'text/event-stream' }, signal })
  if (!res.ok || !res.body) throw new Error(`${url}: HTTP ${res.status}`)
  const decoder = new TextDecoder()
  let buffer = ''
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true })
    let cut: number
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut)
      buffer = buffer.slice(cut + 2)
      let event = 'message'
      const data: string[] = []
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim()
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart())
      }
      if (data.length) onEvent(event, data.join('\n'))
    }
  }
}
