// The device's battery reader (src/thin/agent/createBatteryReader.ts) against stations of two versions over real
// HTTP: one with the state route and ETags, and one from before it, whose unknown route answers 404 `not_found`
// exactly as a missing battery does.
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from 'node:test'
import { createBatteryReader } from '../../src/thin/agent/createBatteryReader.js'
import { createStationClient } from '../../src/thin/agent/createStationClient.js'

const view = { id: 7, staticInfo: { brand: 'TOY' }, dynamicInfo: { energyWh: 100 }, staticHash: `0x${'ab'.repeat(32)}`, price: '500' }
const notFound = (message: string) => JSON.stringify({ error: { code: 'not_found', message } })

async function station(handle: (path: string, headers: Record<string, unknown>) => [number, string, Record<string, string>?]) {
  const seen: string[] = []
  const server: Server = createServer((req, res) => {
    seen.push(req.url!)
    const [status, body, headers] = handle(req.url!, req.headers)
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, seen, close: () => (server.closeAllConnections(), new Promise<void>((r) => server.close(() => r()))) }
}

test('test_read_stationBeforeTheStateRoute_readsTheWholeViewInsteadOfReportingNoBattery', async () => {
  const s = await station((path) => (path === '/api/batteries/7' ? [200, JSON.stringify(view)] : path === '/api/batteries/8' ? [404, notFound('no battery 8')] : [404, notFound(`no route GET ${path}`)]))
  try {
    const reader = createBatteryReader(createStationClient([s.url]))
    assert.equal((await reader.read(7))?.staticInfo.brand, 'TOY')
    assert.equal((await reader.read(7))?.dynamicInfo.energyWh, 100, 'the second read, refused on /state, is the whole view')
    assert.equal(await reader.read(8), null)
    assert.deepEqual(s.seen.filter((p) => p.startsWith('/api/batteries/7')), ['/api/batteries/7', '/api/batteries/7/state', '/api/batteries/7'])
  } finally {
    await s.close()
  }
})

test('test_read_stateRoute_conditionalAfterTheFirstRead_304KeepsTheView', async () => {
  let energyWh = 100
  const s = await station((path, headers) => {
    const state = { id: 7, dynamicInfo: { energyWh }, staticHash: view.staticHash, price: '500' }
    if (path === '/api/batteries/7') return [200, JSON.stringify(view)]
    if (headers['if-none-match'] === `"e${energyWh}"`) return [304, '']
    return [200, JSON.stringify(state), { etag: `"e${energyWh}"` }]
  })
  try {
    const reader = createBatteryReader(createStationClient([s.url]))
    await reader.read(7)
    assert.equal((await reader.read(7))?.dynamicInfo.energyWh, 100)
    assert.equal((await reader.read(7))?.dynamicInfo.energyWh, 100, '304: the view held')
    energyWh = 90
    const changed = await reader.read(7)
    assert.equal(changed?.dynamicInfo.energyWh, 90)
    assert.equal(changed?.staticInfo.brand, 'TOY', 'the static info held is kept')
  } finally {
    await s.close()
  }
})
