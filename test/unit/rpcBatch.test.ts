import { strict as assert } from 'node:assert'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, test } from 'node:test'
import { rpcBatch } from '../../bench/load/rpcBatch.js'

// A JSON-RPC server that answers each call with its first parameter (or an error for `fail`), and
// records the size of every batch it receives.
const batchSizes: number[] = []
const server = createServer(async (req, res) => {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  const body = JSON.parse(Buffer.concat(chunks).toString()) as { id: number; method: string; params: unknown[] }[]
  batchSizes.push(Array.isArray(body) ? body.length : 1)
  const answer = (c: (typeof body)[number]) =>
    c.method === 'fail' ? { jsonrpc: '2.0', id: c.id, error: { code: -32000, message: 'no such thing' } } : { jsonrpc: '2.0', id: c.id, result: c.params[0] }
  res.setHeader('content-type', 'application/json')
  res.end(JSON.stringify(Array.isArray(body) ? body.map(answer) : answer(body)))
})
server.listen(0, '127.0.0.1')
await once(server, 'listening')
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
after(() => server.close())

test('test_rpcBatch_answersInOrder_chunkPerRequest', async () => {
  batchSizes.length = 0
  const calls = Array.from({ length: 450 }, (_, i): [string, string[]] => ['echo', [`0x${i.toString(16)}`]])
  const results = await rpcBatch<string>(url, calls, 200)
  assert.deepEqual(results, calls.map(([, [v]]) => v))
  assert.deepEqual(batchSizes, [200, 200, 50])
})

test('test_RevertWhen_aCallFails_namesTheMethodAndTheError', async () => {
  await assert.rejects(rpcBatch(url, [['echo', ['0x1']], ['fail', []]]), /^Error: fail: no such thing$/)
})
