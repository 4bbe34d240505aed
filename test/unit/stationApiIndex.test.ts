import { strict as assert } from 'node:assert'
import { after, before, describe, test } from 'node:test'
import type { LocalAccount } from 'viem'
import { startStationServer, type StartStationServerReturnType } from '../../src/rich/stationServer.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { requestSwapCall } from '../../src/sdk/calls/requestSwapCall.js'
import { stationUnit } from '../../src/sdk/units.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { testIndex, testIndexEngine } from '../helpers/testIndex.js'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field

// The routes the index database answers: pages with their Link headers, the dashboard aggregates, and an
// event stream that resumes where a client left it.
describe(`station API on the index database (${testIndexEngine})`, { timeout: 120_000 }, () => {
  let chain: TestChain
  let server: StartStationServerReturnType
  let ev: LocalAccount
  let station: LocalAccount
  const stationBatteries: number[] = []
  let evBattery: number
  let swapDay: string

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(server.url + path, { headers })
    return { status: res.status, headers: res.headers, body: (await res.json()) as Json }
  }
  /** Reads an SSE stream until `done` says so; answers its events with their ids. */
  const stream = async (path: string, headers: Record<string, string>, done: (events: { id?: string; event: string; data: Json }[]) => boolean) => {
    const abort = new AbortController()
    const res = await fetch(server.url + path, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal })
    const events: { id?: string; event: string; data: Json }[] = []
    let text = ''
    const decoder = new TextDecoder()
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true })
      let end: number
      while ((end = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, end)
        text = text.slice(end + 2)
        const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2)
        const event = field('event')
        if (event) events.push({ ...(field('id') ? { id: field('id')! } : {}), event, data: JSON.parse(field('data')!) })
      }
      if (done(events)) break
    }
    abort.abort()
    return events
  }
  const indexed = async (block: bigint) => {
    while (server.index.head() < Number(block)) await new Promise((r) => server.index.events.once('head', r))
  }

  before(async () => {
    chain = await startTestChain()
    ;[ev, station] = (await chain.registerDevices([
      { role: 'EVOwner', unitId: 7 },
      { role: 'StationOperator', unitId: 2 },
    ])) as [LocalAccount, LocalAccount]
    await chain.send(chain.superWallet, [grantECoinCall(chain.deployment, { to: ev.address, amount: 1_000_000_00n })])
    for (const brand of ['AAA', 'BBB', 'CCC', 'DDD', 'EEE']) stationBatteries.push(await chain.registerBattery(station, brand))
    evBattery = await chain.registerBattery(ev, 'EVB')
    server = await startStationServer({
      publicClient: chain.publicClient,
      walletClient: chain.wallet(1),
      deployment: chain.deployment,
      station: { id: 2, name: 'Station 2', url: 'http://station-2.test' },
      peers: [],
      nodeUrls: [chain.url],
      logger: false,
      relay: { batchIntervalMs: 100 },
      port: 0,
      handleSignals: false,
      index: await testIndex(),
    })
    const quote = await get(`/api/quote?ev=${evBattery}&station=${stationBatteries[0]}`)
    const r = await chain.forward(ev, requestSwapCall(chain.deployment, { evBatteryId: evBattery, stationBatteryId: stationBatteries[0]!, maxCost: BigInt(quote.body.cost) }))
    const block = await chain.publicClient.getBlock({ blockNumber: r.blockNumber })
    swapDay = new Date(Number(block.timestamp) * 1000).toISOString().slice(0, 10)
    await indexed(r.blockNumber)
  })
  after(async () => {
    await server?.close()
    await chain?.stop()
  })

  test('test_health_namesTheIndexEngineAndItsHead', async () => {
    const h = await get('/api/health')
    assert.equal(h.body.index.engine, testIndexEngine)
    assert.ok(h.body.index.head > 0 && h.body.index.head <= h.body.head)
  })

  test('test_batteries_pagesOfTwo_linkToTheNext_untilEveryBatteryOnce', async () => {
    const seen: number[] = []
    let path: string | null = `/api/batteries?holder=${stationUnit(2)}&limit=2`
    let pages = 0
    while (path) {
      const page = await get(path)
      assert.equal(page.status, 200)
      assert.ok(page.body.length <= 2)
      seen.push(...page.body.map((b: Json) => b.id))
      const link = page.headers.get('link')
      path = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]! : null
      if (link) assert.equal(page.headers.get('x-next-cursor'), new URL(path!, 'http://x').searchParams.get('after'))
      pages += 1
    }
    // The station's first battery is in a pending swap: it is still the station's until approved.
    assert.deepEqual([...seen].sort((a, b) => a - b), [...stationBatteries].sort((a, b) => a - b))
    assert.equal(pages, 3)
    const bad = await get(`/api/batteries?after=abc`)
    assert.equal(bad.status, 400)
    assert.equal(bad.body.error.field, 'after')
  })

  test('test_history_newestFirst_pagesGoBackInTime_sameEventsAsOldestFirst', async () => {
    const oldest = (await get(`/api/batteries/${evBattery}/history?limit=500`)).body.map((e: Json) => `${e.blockNumber}-${e.event}`)
    assert.ok(oldest.length >= 3, oldest.join(', '))
    const newest: string[] = []
    let after = ''
    for (;;) {
      const page = await get(`/api/batteries/${evBattery}/history?order=newest&limit=1${after}`)
      newest.push(...page.body.map((e: Json) => `${e.blockNumber}-${e.event}`))
      const next = page.headers.get('x-next-cursor')
      if (!next) break
      after = `&after=${next}`
    }
    assert.deepEqual(newest, [...oldest].reverse())
    assert.equal(newest[0]!.endsWith('SwapRequested') || newest[0]!.endsWith('BatteryStatusChanged'), true, newest[0])
  })

  test('test_batteries_statusFilter_onlyThatStatus', async () => {
    const pending = await get('/api/batteries?status=SwapPending')
    assert.deepEqual(pending.body.map((b: Json) => b.id).sort(), [evBattery, stationBatteries[0]!].sort())
  })

  test('test_stats_stockAndSwapsByDay_whatTheChainHolds', async () => {
    const stock = (await get(`/api/stats/stock?holder=${stationUnit(2)}`)).body
    assert.deepEqual(stock, [
      { holder: stationUnit(2), status: 'InService', count: 4 },
      { holder: stationUnit(2), status: 'SwapPending', count: 1 },
    ])
    const days = (await get(`/api/stats/swaps-by-day?station=${stationUnit(2)}`)).body
    assert.deepEqual(days, [{ day: swapDay, stationUnit: stationUnit(2), requested: 1, approved: 0, denied: 0, cancelled: 0, pending: 1 }])
    assert.deepEqual((await get(`/api/stats/swaps-by-day?from=2000-01-01&to=2000-01-02`)).body, [])
    const bad = await get('/api/stats/swaps-by-day?from=2026-02-30')
    assert.equal(bad.status, 400)
    assert.equal(bad.body.error.field, 'from')
  })

  test('test_events_resumeWithLastEventId_sendsWhatWasMissedThenLive_noneTwice', async () => {
    const first = await stream('/api/events?since=0&heads=false', {}, (es) => es.some((e) => e.data.event === 'SwapRequested'))
    const all = first.filter((e) => e.event === 'chain')
    assert.ok(all.every((e) => /^\d+:\d+$/.test(e.id!)))
    // A client that saw up to the grant reconnects: it gets what came after, in order, once.
    const grantAt = all.findIndex((e) => e.data.event === 'ECoinGranted')
    const missed = all.slice(grantAt + 1)
    const r = await chain.forward(station, dischargeCall(chain.deployment, { batteryId: stationBatteries[1]!, energyWh: 1_000, socPermille: 700, duration: 60 }))
    const resumed = await stream('/api/events?heads=false', { 'last-event-id': all[grantAt]!.id! }, (es) => es.some((e) => e.data.txHash === r.transactionHash))
    const ids = resumed.filter((e) => e.event === 'chain').map((e) => e.id)
    assert.deepEqual(ids.slice(0, missed.length), missed.map((e) => e.id))
    assert.equal(new Set(ids).size, ids.length, 'an event was sent twice')
    // The same events as JSON pages.
    const page = await get(`/api/events/since?block=0&limit=500`)
    assert.deepEqual(
      page.body.slice(0, all.length).map((e: Json) => `${e.blockNumber}:${e.logIndex}`),
      all.map((e) => e.id),
    )
  })
})
