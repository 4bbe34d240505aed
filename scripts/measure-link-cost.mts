// What the compressed device link (src/link, docs/api.md section 3) costs a station: CPU per operation and memory per
// connection. A fastify station-like server accepts links; C devices (each one link connection, as a thin client
// keeps) send N signed-request-sized POSTs each, answered with a relay-sized outcome; the same again in plain HTTP.
// Prints the server process's CPU per request in both modes (the difference is the link's cost) and its resident
// memory with C link connections open against C plain ones. Bytes on the wire: scripts/measure-device-footprint.mts.
// Run: node --import tsx scripts/measure-link-cost.mts [devices=500] [requests per device=20]
import { fork } from 'node:child_process'
import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import { acceptDeflateLinks } from '../src/link/acceptDeflateLinks.ts'
import { createStationAgent } from '../src/thin/http/createStationAgent.ts'

const [devices = 500, perDevice = 20] = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number)

if (process.argv.includes('--server')) {
  // The station side, in its own process so its CPU and memory are its own.
  const app = Fastify()
  acceptDeflateLinks(app.server)
  app.post('/api/relay', async (request) => {
    const b = request.body as { from: string; nonce: string }
    return {
      id: `${b.from}-${b.nonce}`,
      txHash: `0x${createHash('sha256').update(b.nonce).digest('hex')}`,
      blockNumber: 1000 + Number(b.nonce),
      success: true,
      events: [{ event: 'BatteryDischarged', args: { batteryId: 5, energyWh: 40_000 - Number(b.nonce), socPermille: 800, duration: 60 } }],
      status: 'confirmed',
    }
  })
  app.get('/usage', async () => {
    const u = process.cpuUsage()
    return { cpuMs: (u.user + u.system) / 1000, rssMB: process.memoryUsage().rss / 2 ** 20 }
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  process.send!((app.server.address() as AddressInfo).port)
} else {
  const body = (device: number, nonce: number) =>
    JSON.stringify({
      chainId: 31337,
      from: `0x${createHash('sha256').update(`d${device}`).digest('hex').slice(0, 40)}`,
      to: '0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9',
      value: '0',
      gas: '120000',
      nonce: String(nonce),
      deadline: 1796201320 + nonce,
      data: `0xde4360c8${[5, 40_000 - nonce, 800, 60].map((v) => v.toString(16).padStart(64, '0')).join('')}`,
      signature: `0x${createHash('sha512').update(`${device}-${nonce}`).digest('hex')}1b`,
    })
  /** One request on `agent`; answers status and text. */
  const send = (agent: http.Agent, url: string, body?: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(url, { method: body ? 'POST' : 'GET', agent, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
        let text = ''
        res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      })
      req.on('error', reject).end(body)
    })
  const result: Record<string, unknown> = { devices, requestsPerDevice: perDevice }
  for (const mode of ['link', 'plain'] as const) {
    // A fresh server per mode, so each mode's connections are the only ones it holds.
    const server = fork(fileURLToPath(import.meta.url), ['--server'], { execArgv: ['--import', 'tsx'] })
    const port = await new Promise<number>((r) => server.once('message', (m) => r(Number(m))))
    const control = new http.Agent()
    const usage = async () => JSON.parse((await send(control, `http://127.0.0.1:${port}/usage`)).text) as { cpuMs: number; rssMB: number }
    const before = await usage()
    // Each device its own keep-alive agent, so its own connection (and on the link its own compression state).
    const agents = Array.from({ length: devices }, () => (mode === 'link' ? createStationAgent(http.Agent, { keepAlive: true }, { link: true }) : new http.Agent({ keepAlive: true })))
    await Promise.all(
      Array.from({ length: devices }, async (_, d) => {
        for (let n = 0; n < perDevice; n++) {
          const r = await send(agents[d]!, `http://127.0.0.1:${port}/api/relay`, body(d, n))
          if (r.status !== 200) throw new Error(`${r.status} ${r.text}`)
        }
      }),
    )
    const after = await usage()
    result[mode] = {
      serverCpuUsPerRequest: Math.round(((after.cpuMs - before.cpuMs) * 1000) / (devices * perDevice)),
      serverRssMB: { before: Number(before.rssMB.toFixed(1)), withConnectionsOpen: Number(after.rssMB.toFixed(1)) },
    }
    for (const a of agents) a.destroy()
    control.destroy()
    server.kill()
  }
  console.log(JSON.stringify(result, null, 1))
  process.exit(0)
}
