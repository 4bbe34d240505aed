import { createServer } from 'node:net'

/** A base port with `count` free consecutive ports after it on 127.0.0.1. */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 30000)
    let ok = true
    for (let i = 0; i < count && ok; i++) ok = await isFree(base + i)
    if (ok) return base
  }
  throw new Error('no free port range found')
}

function isFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = createServer()
    s.once('error', () => res(false))
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)))
  })
}
