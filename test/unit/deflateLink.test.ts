// The compressed device link (src/link, docs/api.md section 3) on real sockets: a fastify server that accepts it,
// the thin client's HTTP (src/thin/http) that upgrades to it, byte counts taken on the wire by a TCP proxy.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { createServer as createHttpServer, type Server } from 'node:http'
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'
import zlib from 'node:zlib'
import Fastify, { type FastifyInstance } from 'fastify'
import { after, before, describe, test } from 'node:test'
import { acceptDeflateLinks } from '../../src/link/acceptDeflateLinks.js'
import { DeflateLinkSocket } from '../../src/link/DeflateLinkSocket.js'
import { LINK_PATH, LINK_PROTOCOL } from '../../src/link/linkProtocol.js'
import { httpRequest } from '../../src/thin/http/httpRequest.js'
import { openHttpResponse, useCompressedLink } from '../../src/thin/http/openHttpResponse.js'

/** A signed forward request as a device posts it: JSON keys, addresses and ABI zero padding repeat. */
const signedRequest = (nonce: number) => ({
  chainId: 31337,
  from: '0x96f65b18dbe2cb77619c132fe661724895911dd1',
  to: '0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9',
  value: '0',
  gas: '120000',
  nonce: String(nonce),
  deadline: 1796201320 + nonce,
  data: `0xde4360c8${(5).toString(16).padStart(64, '0')}${(40_000 - nonce).toString(16).padStart(64, '0')}${(800).toString(16).padStart(64, '0')}${(60).toString(16).padStart(64, '0')}`,
  // Random-looking, as a real signature is: it does not compress.
  signature: `0x${createHash('sha512').update(String(nonce)).digest('hex').slice(0, 128)}1b`,
})

/** A TCP proxy in front of `port` that counts every byte both ways. */
async function countingProxy(port: number) {
  const counter = { bytes: 0, connections: 0 }
  const sockets = new Set<Socket>()
  const server = createServer((c) => {
    counter.connections++
    const u = connect(port, '127.0.0.1')
    c.on('data', (d) => void ((counter.bytes += d.length), u.write(d)))
    u.on('data', (d) => void ((counter.bytes += d.length), c.write(d)))
    for (const s of [c, u]) {
      sockets.add(s)
      s.on('error', () => {}).on('close', () => (c.destroy(), u.destroy(), sockets.delete(s)))
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counter,
    close: () => new Promise<void>((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))),
  }
}

/** Writes raw bytes on a fresh connection and resolves with everything the server sent until it closed. */
function rawExchange(port: number, write: (s: Socket) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => write(s))
    const chunks: Buffer[] = []
    s.on('data', (d) => chunks.push(d)).on('error', reject).on('close', () => resolve(Buffer.concat(chunks)))
  })
}

describe('compressed device link', () => {
  let app: FastifyInstance
  let port: number
  let linkSockets = 0
  before(async () => {
    app = Fastify()
    acceptDeflateLinks(app.server)
    app.addHook('onRequest', async (request) => {
      if (request.raw.socket instanceof DeflateLinkSocket) linkSockets++
    })
    app.post('/api/relay', async (request) => ({ id: `${(request.body as { from: string }).from}-${(request.body as { nonce: string }).nonce}`, status: 'confirmed', ip: request.ip }))
    app.get('/api/events', (_request, reply) => {
      reply.hijack()
      reply.raw.writeHead(200, { 'content-type': 'text/event-stream' })
      for (let i = 0; i < 3; i++) reply.raw.write(`event: chain\ndata: {"event":"BatteryDischarged","args":{"batteryId":5,"energyWh":${40_000 - i}}}\n\n`)
      reply.raw.end()
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    port = (app.server.address() as AddressInfo).port
  })
  after(async () => {
    useCompressedLink(true)
    await app.close()
  })

  test('test_link_requestsAndStreams_servedOverTheLink_withThePeersAddress', async () => {
    const before = linkSockets
    const r = await httpRequest(`http://127.0.0.1:${port}/api/relay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signedRequest(1)),
      timeoutMs: 5000,
    })
    assert.equal(r.status, 200)
    assert.deepEqual(JSON.parse(r.text), { id: '0x96f65b18dbe2cb77619c132fe661724895911dd1-1', status: 'confirmed', ip: '127.0.0.1' })
    const res = await openHttpResponse(`http://127.0.0.1:${port}/api/events`, { signal: AbortSignal.timeout(5000) })
    let text = ''
    for await (const chunk of res) text += String(chunk)
    assert.equal(text.match(/event: chain/g)?.length, 3)
    assert.match(text, /"energyWh":39998/)
    assert.equal(linkSockets - before, 2, 'both requests came through a DeflateLinkSocket')
  })

  test('test_link_repeatedRequests_costAFractionOfPlainHttpOnTheWire', async () => {
    const proxy = await countingProxy(port)
    try {
      const run = async () => {
        proxy.counter.bytes = 0
        for (let nonce = 0; nonce < 20; nonce++) {
          const r = await httpRequest(`${proxy.url}/api/relay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(signedRequest(nonce)), timeoutMs: 5000 })
          assert.equal(r.status, 200)
        }
        return proxy.counter.bytes
      }
      const linked = await run()
      useCompressedLink(false)
      const plain = await run()
      useCompressedLink(true)
      assert.ok(plain > 20 * 600, `plain HTTP sent ${plain} bytes for 20 requests`)
      assert.ok(linked < plain * 0.4, `the link sent ${linked} bytes against ${plain} in plain HTTP`)
    } finally {
      useCompressedLink(true)
      await proxy.close()
    }
  })

  test('test_link_stationWithoutTheLink_fallsBackToPlainHttp', async () => {
    const seen: string[] = []
    const plainServer: Server = createHttpServer((req, res) => {
      seen.push(`${req.method} ${req.url}`)
      res.writeHead(req.url === LINK_PATH ? 404 : 200, { 'content-type': 'application/json' }).end('{"ok":true}')
    })
    await new Promise<void>((r) => plainServer.listen(0, '127.0.0.1', () => r()))
    try {
      const url = `http://127.0.0.1:${(plainServer.address() as AddressInfo).port}/api/health`
      for (let i = 0; i < 2; i++) {
        const r = await httpRequest(url, { timeoutMs: 5000 })
        assert.equal(r.status, 200)
        assert.equal(r.text, '{"ok":true}')
      }
      // An old station routes the upgrade as a plain GET (404); after that it is spoken to in plain HTTP only.
      assert.deepEqual(seen, [`GET ${LINK_PATH}`, 'GET /api/health', 'GET /api/health'])
    } finally {
      plainServer.closeAllConnections()
      await new Promise<void>((r) => plainServer.close(() => r()))
    }
  })

  test('test_link_RevertWhen_wrongPathOrProtocol_refusedWithTheReason', async () => {
    const wrongPath = await rawExchange(port, (s) => s.write(`GET /api/other HTTP/1.1\r\nhost: x\r\nconnection: upgrade\r\nupgrade: ${LINK_PROTOCOL}\r\n\r\n`))
    assert.match(wrongPath.toString(), /^HTTP\/1\.1 404 [\s\S]*the compressed link is at \/api\/link/)
    const wrongProtocol = await rawExchange(port, (s) => s.write(`GET ${LINK_PATH} HTTP/1.1\r\nhost: x\r\nconnection: upgrade\r\nupgrade: websocket\r\n\r\n`))
    assert.match(wrongProtocol.toString(), /^HTTP\/1\.1 400 [\s\S]*unknown upgrade "websocket"; this station speaks evswap-deflate\/1/)
  })

  test('test_link_RevertWhen_peerSendsDataThatIsNotDeflate_connectionClosed_serverKeepsServing', async () => {
    const answer = await rawExchange(port, (s) => {
      s.write(`GET ${LINK_PATH} HTTP/1.1\r\nhost: x\r\nconnection: upgrade\r\nupgrade: ${LINK_PROTOCOL}\r\n\r\n`)
      s.write(Buffer.from('POST /api/relay HTTP/1.1\r\nhost: x\r\n\r\n')) // plain text where deflate belongs
    })
    assert.match(answer.toString('latin1'), /^HTTP\/1\.1 101 Switching Protocols/)
    const r = await httpRequest(`http://127.0.0.1:${port}/api/relay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(signedRequest(2)), timeoutMs: 5000 })
    assert.equal(r.status, 200, 'the next device is served')
  })

  test('test_link_RevertWhen_dataInflatesBeyondTheBound_socketDestroyedBeforeInflatingIt', async () => {
    // 64 MiB of zeros deflate to ~64 KB: far past 1 MiB + 64x what arrived.
    const bomb = zlib.deflateRawSync(Buffer.alloc(64 * 1024 * 1024), { windowBits: 12, level: 9 })
    const server = createServer((s) => s.end(bomb))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    try {
      const raw = connect((server.address() as AddressInfo).port, '127.0.0.1')
      const link = new DeflateLinkSocket(raw)
      let inflated = 0
      link.on('data', (d: Buffer) => (inflated += d.length))
      const error = await new Promise<Error>((resolve) => link.once('error', resolve))
      assert.match(error.message, /inflates more than 64x; connection closed/)
      assert.ok(inflated < 8 * 1024 * 1024, `only ${inflated} bytes were let through`)
      assert.ok(raw.destroyed)
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
  })
})
