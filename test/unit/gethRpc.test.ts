import { strict as assert } from 'node:assert'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import type { Hex } from 'viem'
import { gethRpc } from '../../src/network/gethRpc.js'
import { NetworkError } from '../../src/network/NetworkError.js'
import { startAnvil, type StartAnvilReturnType } from '../../src/rich/node/startAnvil.js'
import { freePortRange } from '../helpers/freePort.js'

// gethRpc is viem's http transport plus evswap's error shapes, which the CLI and the network watch rely on.
const dir = mkdtempSync(join(tmpdir(), 'evswap-gethrpc-'))
let anvil: StartAnvilReturnType
const servers: Server[] = []
before(async () => {
  anvil = await startAnvil({ port: await freePortRange(1), stateFile: join(dir, 'state.json') })
})
after(async () => {
  await anvil?.stop()
  rmSync(dir, { recursive: true, force: true })
  for (const s of servers) s.closeAllConnections(), s.close()
})

/** A local HTTP server answering every request with `handle`; returns its URL. */
async function serve(handle: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handle)
  servers.push(server)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

test('test_gethRpc_returnsTheResult', async () => {
  assert.equal(Number(await gethRpc<Hex>(anvil.url, 'eth_chainId')), 31337)
  const block = await gethRpc<{ number: Hex }>(anvil.url, 'eth_getBlockByNumber', ['0x0', false])
  assert.equal(block.number, '0x0')
})

test('test_RevertWhen_theNodeRefusesTheMethod_namesItWithTheHint', async () => {
  await assert.rejects(gethRpc(anvil.url, 'clique_getSigners'), (e: unknown) => {
    assert.ok(e instanceof NetworkError)
    assert.match(e.message, new RegExp(`^clique_getSigners on ${anvil.url} failed: .+`))
    assert.equal(e.hint, 'check that the node was started with this API in --http.api')
    return true
  })
})

test('test_RevertWhen_httpErrorStatus_namesTheStatus', async () => {
  const url = await serve((_req, res) => res.writeHead(503).end('busy'))
  await assert.rejects(gethRpc(url, 'eth_blockNumber'), (e: unknown) => {
    assert.ok(e instanceof NetworkError)
    assert.equal(e.message.split('\n')[0], `eth_blockNumber on ${url} answered HTTP 503`)
    return true
  })
})

test('test_RevertWhen_nothingListens_keepsTheSystemErrorAsCause', async () => {
  const url = `http://127.0.0.1:${await freePortRange(1)}`
  await assert.rejects(gethRpc(url, 'eth_blockNumber'), (e: unknown) => {
    // describeError reads `cause.code` to say "nothing answers at 127.0.0.1:PORT".
    assert.equal((e as { cause?: { code?: string } }).cause?.code, 'ECONNREFUSED')
    return true
  })
})

test('test_RevertWhen_noAnswerInTime_namesTheLimit', async () => {
  const url = await serve(() => {}) // never answers
  const started = performance.now()
  await assert.rejects(gethRpc(url, 'eth_blockNumber', [], 200), (e: unknown) => {
    assert.ok(e instanceof NetworkError)
    assert.equal(e.message, `eth_blockNumber on ${url} timed out after 200 ms`)
    return true
  })
  assert.ok(performance.now() - started < 2000, 'no retry after the timeout')
})
