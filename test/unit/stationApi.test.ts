import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { toHex, type LocalAccount } from 'viem'
import { startStationServer, type StartStationServerReturnType } from '../../src/rich/stationServer.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { registerBatteryCall } from '../../src/sdk/calls/registerBatteryCall.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { requestSwapCall } from '../../src/sdk/calls/requestSwapCall.js'
import { evUnit, stationUnit } from '../../src/sdk/units.js'
import { readSse } from '../../src/thin/agent/readSse.js'
import { startTestChain, testBattery, type TestChain } from '../helpers/chain.js'
import { testIndex } from '../helpers/testIndex.js'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field

describe('station API', () => {
  let chain: TestChain
  let server: StartStationServerReturnType
  let ev: LocalAccount
  let station: LocalAccount
  let evBattery: number
  let stationBattery: number
  const tag = toHex(randomBytes(32))

  const get = async (path: string) => {
    const res = await fetch(server.url + path)
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Json }
  }
  const post = async (path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
    const res = await fetch(server.url + path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) })
    return { status: res.status, headers: res.headers, body: (await res.json()) as Json }
  }
  /** Relays a device's call through the HTTP API and waits for its result. */
  const relayed = async (account: LocalAccount, call: Parameters<TestChain['sign']>[1]) => {
    const sent = await post('/api/relay', await chain.sign(account, call))
    assert.equal(sent.status, 202, JSON.stringify(sent.body))
    const done = await get(`/api/relay/${sent.body.id}?wait=1`)
    assert.equal(done.status, 200)
    return done.body
  }

  before(async () => {
    chain = await startTestChain()
    const devices = await chain.registerDevices([
      { role: 'EVOwner', unitId: 7 },
      { role: 'StationOperator', unitId: 2 },
    ])
    ;[ev, station] = devices as [LocalAccount, LocalAccount]
    await chain.send(chain.superWallet, [grantECoinCall(chain.deployment, { to: ev.address, amount: 1_000_000_00n })])
    stationBattery = await chain.registerBattery(station, 'SUM')
    server = await startStationServer({
      publicClient: chain.publicClient,
      walletClient: chain.wallet(1),
      deployment: chain.deployment,
      station: { id: 2, name: 'Station 2', url: 'http://station-2.test' },
      peers: ['http://station-1.test'],
      nodeUrls: [chain.url, 'http://127.0.0.1:1'],
      logger: false,
      relay: { batchIntervalMs: 100 },
      port: 0,
      handleSignals: false,
      index: await testIndex(),
    })
    // The EV registers its battery through the station's relay, with a tag to find the id by.
    const r = await relayed(ev, registerBatteryCall(chain.deployment, { ...testBattery('TOY'), tag }))
    assert.equal(r.status, 'confirmed', JSON.stringify(r))
    evBattery = Number(r.events.find((e: Json) => e.event === 'BatteryRegistered').args.batteryId)
  })
  after(async () => {
    await server?.close()
    await chain?.stop()
  })

  test('test_health_and_config', async () => {
    const h = await get('/api/health')
    assert.equal(h.status, 200)
    assert.equal(h.body.ok, true)
    assert.equal(h.body.chainId, 31337)
    assert.ok(h.body.head > 0)
    assert.deepEqual(h.body.station, { id: 2, name: 'Station 2' })
    const c = await get('/api/config')
    assert.equal(c.body.chainId, 31337)
    // What a device pins: block 0's hash, and no Clique signers on anvil.
    assert.equal(c.body.genesisHash, (await chain.publicClient.getBlock({ blockNumber: 0n })).hash)
    assert.equal(c.body.clique, null)
    assert.equal(c.body.deployment.batteryInterface, chain.deployment.batteryInterface.toLowerCase())
    assert.deepEqual(c.body.peers, ['http://station-1.test'])
    assert.equal(c.body.station.url, 'http://station-2.test')
    assert.ok(c.body.blockPeriodMs >= 100 && c.body.blockPeriodMs <= 1000, `blockPeriodMs ${c.body.blockPeriodMs}`)
  })

  test('test_relay_dischargeOverHttp_confirmedWithEvents', async () => {
    const r = await relayed(ev, dischargeCall(chain.deployment, { batteryId: evBattery, energyWh: 55_000, socPermille: 900, duration: 900 }))
    assert.equal(r.status, 'confirmed')
    assert.equal(r.success, true)
    assert.match(r.txHash, /^0x[0-9a-f]{64}$/)
    const e = r.events.find((x: Json) => x.event === 'BatteryDischarged')
    assert.deepEqual(e.args, { batteryId: evBattery, energyWh: 55_000, socPermille: 900, duration: 900 })
    // the result stays readable without waiting
    assert.equal((await get(`/api/relay/${r.id}`)).body.status, 'confirmed')
  })

  test('test_relay_postWithWait_answersTheOutcomeInOneExchange', async () => {
    const signed = await chain.sign(ev, dischargeCall(chain.deployment, { batteryId: evBattery, energyWh: 54_000, socPermille: 880, duration: 60 }))
    const r = await post('/api/relay?wait=1', signed)
    assert.equal(r.status, 200, JSON.stringify(r.body))
    assert.equal(r.body.status, 'confirmed')
    assert.equal(r.body.id, `${signed.from.toLowerCase()}-${signed.nonce}`)
    assert.deepEqual(r.body.events.find((x: Json) => x.event === 'BatteryDischarged').args, { batteryId: evBattery, energyWh: 54_000, socPermille: 880, duration: 60 })
    assert.equal(r.body.signature, undefined, 'the signature the device just sent is not echoed back')
    assert.equal((await get(`/api/relay/${r.body.id}`)).body.signature, signed.signature.toLowerCase(), 'a status read names it')
    // A refusal is still immediate and named.
    const again = await post('/api/relay?wait=1', signed)
    assert.equal(again.status, 409)
    assert.equal(again.body.error.code, 'replayed')
    assert.equal((await post('/api/relay?wait=maybe', signed)).body.error.field, 'wait')
  })

  test('test_relay_RevertWhen_badInput_400NamingTheField', async () => {
    const signed = await chain.sign(ev, dischargeCall(chain.deployment, { batteryId: evBattery, energyWh: 1, socPermille: 1, duration: 1 }))
    const bad = await post('/api/relay', { ...signed, from: 'nobody' })
    assert.equal(bad.status, 400)
    assert.equal(bad.body.error.code, 'bad_request')
    assert.equal(bad.body.error.field, 'from')
    const missing = await post('/api/relay', { ...signed, deadline: undefined })
    assert.equal(missing.body.error.field, 'deadline')
    const notJson = await post('/api/relay', '{"chainId": 31337,')
    assert.deepEqual([notJson.status, notJson.body.error.code, notJson.body.error.field], [400, 'bad_request', 'body'])
    const wrongType = await post('/api/relay', 'x=1', { 'content-type': 'application/x-www-form-urlencoded' })
    assert.equal(wrongType.status, 415)
    const refused = await post('/api/relay', await chain.sign(ev, dischargeCall(chain.deployment, { batteryId: stationBattery, energyWh: 1, socPermille: 1, duration: 1 })))
    assert.equal(refused.status, 422)
    assert.equal(refused.body.error.code, 'would_revert')
    assert.equal(refused.body.error.reason, 'BatteryInterfaceNotYourBattery')
    assert.equal((await get('/api/relay/0x0000000000000000000000000000000000000001-5')).status, 404)
    assert.equal((await get('/api/relay/nonsense')).body.error.field, 'id')
  })

  test('test_relay_RevertWhen_bodyOver16KiB_413', async () => {
    const signed = await chain.sign(ev, dischargeCall(chain.deployment, { batteryId: evBattery, energyWh: 1, socPermille: 1, duration: 1 }))
    const res = await post('/api/relay', { ...signed, data: `0x${'ab'.repeat(9000)}` })
    assert.equal(res.status, 413)
    assert.equal(res.body.error.code, 'too_large')
  })

  test('test_unknownRoute_404Json', async () => {
    const r = await get('/api/nothing-here')
    assert.equal(r.status, 404)
    assert.match(r.type, /application\/json/)
    assert.equal(r.body.error.code, 'not_found')
    const p = await post('/api/health', {})
    assert.equal(p.status, 404)
  })

  test('test_reads_batteriesAccountsStationsRegistrations', async () => {
    const b = await get(`/api/batteries/${evBattery}`)
    assert.equal(b.status, 200)
    assert.equal(b.body.id, evBattery)
    assert.equal(b.body.staticInfo.brand, 'TOY')
    assert.equal(b.body.staticInfo.manufacturePrice, '650000')
    assert.match(b.body.price, /^[0-9]+$/)
    assert.equal(b.body.dynamicInfo.owner, ev.address.toLowerCase())
    assert.equal(b.body.dynamicInfo.holder, evUnit(7))
    assert.equal((await get('/api/batteries/9999')).status, 404)
    assert.equal((await get('/api/batteries/abc')).body.error.field, 'id')

    const held = await get(`/api/batteries?holder=${stationUnit(2)}`)
    assert.deepEqual(held.body.map((x: Json) => x.id), [stationBattery])
    const all = await get('/api/batteries')
    assert.ok(all.body.some((x: Json) => x.id === evBattery) && all.body.some((x: Json) => x.id === stationBattery))
    assert.equal((await get('/api/batteries?holder=abc')).body.error.field, 'holder')

    const reg = await get(`/api/registrations/${tag}`)
    assert.deepEqual(reg.body, { batteryId: evBattery })
    assert.equal((await get(`/api/registrations/${toHex(randomBytes(32))}`)).status, 404)

    const a = await get(`/api/accounts/${ev.address}`)
    assert.deepEqual({ ...a.body, balance: undefined }, { address: ev.address.toLowerCase(), role: 'EVOwner', unit: 7, balance: undefined, isSuper: false, suspended: false })
    assert.match(a.body.balance, /^[0-9]+$/)
    const s = await get(`/api/accounts/${chain.superAccount.address}`)
    assert.equal(s.body.isSuper, true)
    const list = await get('/api/accounts')
    const byAddress = new Map(list.body.map((x: Json) => [x.address, x]))
    assert.equal((byAddress.get(station.address.toLowerCase()) as Json).role, 'StationOperator')
    assert.equal((byAddress.get(ev.address.toLowerCase()) as Json).balance, a.body.balance, 'the index balance matches the contract')
    assert.equal((byAddress.get(chain.superAccount.address.toLowerCase()) as Json).isSuper, true)

    const stations = await get('/api/stations')
    assert.equal(stations.body.length, 1)
    assert.deepEqual({ ...stations.body[0], batteries: stations.body[0].batteries.map((x: Json) => x.id) }, { unit: stationUnit(2), stationId: 2, account: station.address.toLowerCase(), batteries: [stationBattery], place: null, slots: null, holds: [] }, 'no swap interface here to say which disks are in its slots, and no place set')

    const n = await get(`/api/nonce/${ev.address}`)
    assert.match(n.body.nonce, /^[1-9][0-9]*$/)
  })

  test('test_batteryState_etagAnswers304UntilTheBatteryChanges', async () => {
    const whole = await fetch(`${server.url}/api/batteries/${evBattery}`)
    const view = (await whole.json()) as Json
    const res = await fetch(`${server.url}/api/batteries/${evBattery}/state`)
    assert.equal(res.status, 200)
    const state = (await res.json()) as Json
    // Everything that can change, nothing that cannot, and the block it was all read at.
    const head = Number(await chain.publicClient.getBlockNumber({ cacheTime: 0 }))
    assert.deepEqual(state, { id: evBattery, dynamicInfo: view.dynamicInfo, staticHash: view.staticHash, price: view.price, block: state.block, blockHash: state.blockHash })
    assert.ok(Number.isInteger(state.block) && state.block > 0 && state.block <= head, `block ${state.block}, head ${head}`)
    assert.equal(state.blockHash, (await chain.publicClient.getBlock({ blockNumber: BigInt(state.block) })).hash, 'the block named by its hash too')
    const etag = res.headers.get('etag')
    assert.match(etag ?? '', /^"[A-Za-z0-9_-]{22}"$/)
    const unchanged = await fetch(`${server.url}/api/batteries/${evBattery}/state`, { headers: { 'if-none-match': `"other", W/${etag}` } })
    assert.equal(unchanged.status, 304)
    assert.equal(await unchanged.text(), '')
    assert.notEqual(whole.headers.get('etag'), etag, 'the whole view has a tag of its own')
    await relayed(ev, dischargeCall(chain.deployment, { batteryId: evBattery, energyWh: 51_000, socPermille: 810, duration: 30 }))
    const changed = await fetch(`${server.url}/api/batteries/${evBattery}/state`, { headers: { 'if-none-match': etag! } })
    assert.equal(changed.status, 200)
    const after = (await changed.json()) as Json
    assert.equal(after.dynamicInfo.energyWh, 51_000)
    assert.equal(after.dynamicInfo.dischargingCount, state.dynamicInfo.dischargingCount + 1)
    assert.ok(after.block > state.block, 'read at the block of the discharge or later')
    assert.notEqual(changed.headers.get('etag'), etag)
    assert.equal((await get('/api/batteries/9999/state')).status, 404)
  })

  test('test_history_listsTheBatteryEventsWithTimestamps', async () => {
    await relayed(ev, dischargeCall(chain.deployment, { batteryId: evBattery, energyWh: 50_000, socPermille: 800, duration: 600 }))
    // The index follows the chain by polling; the relay's receipt may come first.
    let events: Json[] = []
    for (let i = 0; i < 50 && !events.some((e) => e.event === 'BatteryDischarged' && e.args.energyWh === 50_000); i++) {
      events = (await get(`/api/batteries/${evBattery}/history`)).body
      if (!events.some((e) => e.args.energyWh === 50_000)) await new Promise((r) => setTimeout(r, 100))
    }
    assert.equal(events[0].event, 'BatteryRegistered')
    assert.ok(events.some((e) => e.event === 'BatteryDischarged' && e.args.energyWh === 50_000))
    const now = Date.now() / 1000
    for (const e of events) {
      assert.ok(Math.abs(e.timestamp - now) < 120, `timestamp ${e.timestamp}`)
      assert.match(e.txHash, /^0x[0-9a-f]{64}$/)
    }
    assert.equal((await get('/api/batteries/9999/history')).status, 404)
  })

  test('test_quoteAndSwaps', async () => {
    const q = await get(`/api/quote?ev=${evBattery}&station=${stationBattery}`)
    assert.equal(q.status, 200, JSON.stringify(q.body))
    for (const k of ['difference', 'fee', 'cost']) assert.match(q.body[k], /^-?[0-9]+$/)
    assert.equal((await get('/api/quote?ev=1')).body.error.field, 'station')
    const bad = await get(`/api/quote?ev=${evBattery}&station=9999`)
    assert.equal(bad.status, 422)

    const r = await relayed(ev, requestSwapCall(chain.deployment, { evBatteryId: evBattery, stationBatteryId: stationBattery, maxCost: BigInt(q.body.cost) }))
    assert.equal(r.status, 'confirmed', JSON.stringify(r))
    const swapId = Number(r.events.find((e: Json) => e.event === 'SwapRequested').args.swapId)
    const one = await get(`/api/swaps/${swapId}`)
    assert.deepEqual({ ...one.body, difference: undefined, fee: undefined, escrow: undefined }, {
      id: swapId,
      evOwner: ev.address.toLowerCase(),
      evBatteryId: evBattery,
      stationBatteryId: stationBattery,
      stationUnit: stationUnit(2),
      status: 'Pending',
      difference: undefined,
      fee: undefined,
      escrow: undefined,
    })
    assert.equal((await get('/api/swaps/999')).status, 404)
    let pending: Json[] = []
    for (let i = 0; i < 50 && pending.length === 0; i++) {
      pending = (await get(`/api/swaps?unit=${stationUnit(2)}&status=Pending`)).body
      if (pending.length === 0) await new Promise((res) => setTimeout(res, 100))
    }
    assert.deepEqual(pending.map((s) => s.id), [swapId])
    assert.deepEqual((await get(`/api/swaps?unit=${evUnit(7)}`)).body.map((s: Json) => s.id), [swapId])
    assert.deepEqual((await get(`/api/swaps?unit=${stationUnit(2)}&status=Approved`)).body, [])
    assert.equal((await get('/api/swaps?status=Nope')).body.error.field, 'status')
  })

  test('test_network_reportsTheNodeAndToleratesADownOne', async () => {
    const n = await get('/api/network')
    assert.equal(n.status, 200)
    const [up, down] = n.body.nodes
    assert.equal(up.url, chain.url)
    assert.equal(up.up, true)
    assert.ok(up.head > 0)
    assert.equal(up.lag, 0)
    assert.equal(down.up, false)
    assert.equal(down.head, null)
    assert.equal(n.body.head, up.head)
    assert.deepEqual(n.body.signers, [])
  })

  test('test_networkOverview_onAnvil_saysTheDevChainAndShowsTheRelaysLastBatch', async () => {
    // A request relayed just before: the overview names its batch, mined, with the receipt's block and gas.
    const r = await relayed(ev, registerBatteryCall(chain.deployment, { ...testBattery('NET'), tag: toHex(randomBytes(32)) }))
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: r.txHash })
    const o = await get('/api/network/overview')
    assert.equal(o.status, 200, JSON.stringify(o.body))
    assert.equal(o.body.clique, false)
    assert.equal(o.body.summary, 'This station runs the embedded dev chain: one node, which makes every block itself; there are no signers.')
    assert.deepEqual(o.body.signers, [])
    assert.deepEqual(o.body.station, { signer: null, mining: null, peers: o.body.station.peers })
    const head = Number(await chain.publicClient.getBlockNumber({ cacheTime: 0 }))
    assert.ok(o.body.head.number >= Number(receipt.blockNumber) && o.body.head.number <= head, `head ${o.body.head.number}`)
    assert.ok(o.body.head.ageSeconds >= 0 && o.body.head.ageSeconds < 60)
    assert.equal(o.body.blocks[0].number, o.body.head.number)
    assert.deepEqual(o.body.blocks.map((b: Json) => b.number), Array.from({ length: o.body.blocks.length }, (_, i) => o.body.head.number - i), 'newest first, consecutive')
    assert.ok(o.body.blocks.every((b: Json) => b.sealer === null && b.inTurn === null))
    assert.deepEqual(o.body.relay.lastBatch, {
      size: 1,
      txHash: r.txHash,
      sentAt: o.body.relay.lastBatch.sentAt,
      outcome: 'mined',
      blockNumber: Number(receipt.blockNumber),
      gasUsed: String(receipt.gasUsed),
    })
    assert.ok(Math.abs(o.body.relay.lastBatch.sentAt - Date.now()) < 60_000)
    assert.equal(o.body.relay.queued, 0)
  })

  test('test_stationSlots_withoutSwapInterface_isAnEmptyList', async () => {
    // This station runs no swap interface: it holds no disk, so an EV is offered none of its batteries.
    const r = await get('/api/station/slots')
    assert.equal(r.status, 200)
    assert.deepEqual(r.body, { stationId: 2, slots: [] })
  })

  test('test_openapi_listsEveryRouteOfTheSpec', async () => {
    const doc = await get('/api/openapi.json')
    assert.equal(doc.status, 200)
    assert.match(doc.body.openapi, /^3\./)
    const section1 = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8').split('## 2.')[0]!
    const routes = [...section1.matchAll(/^\| `(GET|POST) (\/api\/[^`?]+)[^`]*`/gm)].map((m) => [m[1]!.toLowerCase(), m[2]!.replace(/:(\w+)/g, '{$1}')] as const)
    assert.ok(routes.length >= 17, `${routes.length} routes parsed from docs/api.md`)
    for (const [method, path] of routes) assert.ok(doc.body.paths[path]?.[method], `${method.toUpperCase()} ${path} is not in the OpenAPI document`)
    // the relay body is documented with its fields
    const body = doc.body.paths['/api/relay'].post.requestBody.content['application/json'].schema
    assert.deepEqual(Object.keys(body.properties).sort(), ['chainId', 'data', 'deadline', 'from', 'gas', 'nonce', 'signature', 'to', 'value'])
  })

  test('test_events_sseDeliversAChainEvent', async () => {
    const abort = new AbortController()
    const res = await fetch(`${server.url}/api/events`, { signal: abort.signal })
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/)
    const seen: { event: string; data: Json }[] = []
    const reading = (async () => {
      const decoder = new TextDecoder()
      let buffer = ''
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true })
        let cut: number
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut)
          buffer = buffer.slice(cut + 2)
          const event = /^event: (.*)$/m.exec(block)?.[1]
          const data = /^data: (.*)$/m.exec(block)?.[1]
          if (event && data) seen.push({ event, data: JSON.parse(data) })
          if (seen.some((s) => s.event === 'chain' && s.data.event === 'BatteryRegistered' && s.data.args.tag === sseTag)) return
        }
      }
    })()
    const sseTag = toHex(randomBytes(32))
    await relayed(station, registerBatteryCall(chain.deployment, { ...testBattery('BYD'), tag: sseTag }))
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no chain event in 10 s; saw ${JSON.stringify(seen)}`)), 10_000)))
    await Promise.race([reading, timeout]).finally(() => clearTimeout(timer))
    abort.abort()
    const e = seen.find((s) => s.event === 'chain' && s.data.event === 'BatteryRegistered' && s.data.args.tag === sseTag)!
    assert.equal(e.data.args.owner, station.address.toLowerCase())
    assert.equal(e.data.args.holder, stationUnit(2))
    assert.ok(e.data.blockNumber > 0)
    assert.match(e.data.txHash, /^0x[0-9a-f]{64}$/)
    assert.ok(seen.some((s) => s.event === 'head' && s.data.blockNumber > 0))
  })

  /** The station's event stream with `query`: what it has sent so far, and a wait for a given event. */
  const openStream = async (query: string) => {
    const abort = new AbortController()
    const seen: { event: string; data: Json }[] = []
    const waiters = new Set<() => void>()
    let opened: () => void = () => {}
    const open = new Promise<void>((res) => (opened = res))
    const reading = readSse(
      `${server.url}/api/events${query}`,
      (event, data) => {
        seen.push({ event, data: JSON.parse(data) })
        for (const w of waiters) w()
      },
      abort.signal,
      { onOpen: () => opened() },
    ).catch((e: Error) => e)
    await Promise.race([open, reading.then((e) => assert.fail(`the stream ${query} did not open: ${String(e)}`))])
    return {
      seen,
      close: () => abort.abort(),
      /** Resolves once an event satisfying `pred` has arrived; fails after 15 s naming what it saw. */
      async until(pred: (e: { event: string; data: Json }) => boolean, what: string) {
        let timer: NodeJS.Timeout | undefined
        try {
          await new Promise<void>((res, rej) => {
            const w = () => seen.some(pred) && (waiters.delete(w), res())
            waiters.add(w)
            w()
            timer = setTimeout(() => rej(new Error(`no ${what} on ${query} in 15 s; saw ${JSON.stringify(seen.map((e) => e.data.event ?? e.event))}`)), 15_000)
          })
        } finally {
          clearTimeout(timer)
        }
      },
    }
  }

  test('test_events_filteredByAccountAndBattery_onlyTheirEventsAndNoHeads', async () => {
    // Batteries of their own: the ones registered in before() may be locked in a swap by now.
    const register = async (account: LocalAccount, brand: 'TOY' | 'BYD') => {
      const r = await relayed(account, registerBatteryCall(chain.deployment, { ...testBattery(brand), tag: toHex(randomBytes(32)) }))
      return Number(r.events.find((e: Json) => e.event === 'BatteryRegistered').args.batteryId)
    }
    const evBattery = await register(ev, 'TOY')
    const stationBattery = await register(station, 'BYD')
    const discharged = (id: number) => (e: { event: string; data: Json }) => e.event === 'chain' && e.data.event === 'BatteryDischarged' && e.data.args.batteryId === id
    const evStream = await openStream(`?account=${ev.address}&battery=${evBattery}&heads=false`)
    const stationStream = await openStream(`?battery=${stationBattery}&battery=4000000&heads=0`)
    const everything = await openStream('')
    try {
      // The station's battery, then the EV's, then the station's again: each stream's last expected event
      // comes after the one it must not get, and the station writes events to every stream in order.
      await relayed(station, dischargeCall(chain.deployment, { batteryId: stationBattery, energyWh: 40_000, socPermille: 800, duration: 60 }))
      await relayed(ev, dischargeCall(chain.deployment, { batteryId: evBattery, energyWh: 50_000, socPermille: 850, duration: 60 }))
      await relayed(station, dischargeCall(chain.deployment, { batteryId: stationBattery, energyWh: 39_000, socPermille: 790, duration: 60 }))
      await evStream.until(discharged(evBattery), "the EV battery's discharge")
      await stationStream.until((e) => stationStream.seen.filter(discharged(stationBattery)).length === 2 && e === e, "the station battery's 2 discharges")
      await everything.until((e) => everything.seen.filter(discharged(stationBattery)).length === 2 && e === e, 'every discharge')

      assert.deepEqual(evStream.seen.filter((e) => e.event === 'chain' && e.data.args.batteryId === stationBattery), [], "no event of the station's battery on the EV's stream")
      assert.deepEqual(stationStream.seen.filter((e) => e.event === 'chain' && e.data.args.batteryId !== stationBattery), [], 'only the station battery on its stream')
      for (const s of [evStream, stationStream]) assert.deepEqual(s.seen.filter((e) => e.event === 'head'), [], 'heads=false: no heads')
      assert.ok(everything.seen.some(discharged(evBattery)) && everything.seen.some((e) => e.event === 'head'), 'no filter: every event and the heads')
    } finally {
      for (const s of [evStream, stationStream, everything]) s.close()
    }
  })

  test('test_events_RevertWhen_badFilter_400NamingTheField', async () => {
    for (const [query, field] of [
      ['?account=0x1234', 'account'],
      ['?account=0x12345678901234567890123456789012345678zz', 'account'],
      ['?battery=0', 'battery.0'],
      ['?battery=7&battery=seven', 'battery.1'],
      ['?unit=-1', 'unit'],
      ['?heads=maybe', 'heads'],
    ] as const) {
      const r = await get(`/api/events${query}`)
      assert.equal(r.status, 400, query)
      assert.equal(r.body.error.field, field, `${query}: ${JSON.stringify(r.body)}`)
      assert.match(r.body.error.message, new RegExp(`^${field.replace('.', '\\.')}: `), query)
    }
    const many = Array.from({ length: 1025 }, (_, i) => `battery=${i + 1}`).join('&')
    assert.equal((await get(`/api/events?${many}`)).status, 400, 'over 1024 batteries')
  })

  // Last: it stops the chain under the running station.
  test('test_health_RevertWhen_nodeDown_503WithoutStack', async () => {
    await chain.anvil.stop()
    const h = await get('/api/health')
    assert.equal(h.status, 503)
    assert.equal(h.body.error.code, 'node_unavailable')
    assert.ok(!JSON.stringify(h.body).includes(' at '), 'no stack trace leaves the server')
    const relay = await post('/api/relay', await chain.sign(ev, dischargeCall(chain.deployment, { batteryId: evBattery, energyWh: 1, socPermille: 1, duration: 1 }), { nonce: 0n }))
    assert.equal(relay.status, 503)
    assert.equal(relay.body.error.code, 'unavailable')
  })
})
