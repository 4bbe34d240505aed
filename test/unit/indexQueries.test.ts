import { strict as assert } from 'node:assert'
import { once } from 'node:events'
import { after, before, describe, test } from 'node:test'
import { createPublicClient, custom, decodeEventLog, getAddress, http, isAddressEqual, type Address, type Hash, type Log } from 'viem'
import { createChainIndex, type ChainIndex } from '../../src/rich/events/createChainIndex.js'
import { balanceProcessAbi } from '../../src/sdk/abi/balanceProcess.js'
import { batteryProcessAbi } from '../../src/sdk/abi/batteryProcess.js'
import { evswapAbi } from '../../src/sdk/evswapAbi.js'
import { getAccount } from '../../src/sdk/reads/getAccount.js'
import { getBattery } from '../../src/sdk/reads/getBattery.js'
import { getSwap } from '../../src/sdk/reads/getSwap.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { buildSwapHistory, type SwapHistory, type SwapRecord } from '../helpers/indexHistory.js'
import { allPages, snapshotIndex, wholeLedger } from '../helpers/indexSnapshot.js'
import { testIndex } from '../helpers/testIndex.js'

// Each query function of src/rich/store/queries/ on one chain history (three EV owners, two stations, eight
// batteries, seven swaps over three UTC days), on both engines, every answer checked against the chain:
// its logs (getLogs) and its contracts' reads.

let chain: TestChain
let h: SwapHistory
/** Every log of the deployment's contracts up to the history's last block, decoded, in chain order. */
let logs: (Log & { eventName: string; args: Record<string, unknown> })[]

const addresses = () => [chain.deployment.batteryInterface, chain.deployment.batteryProcess, chain.deployment.balanceProcess, chain.deployment.forwarder]
const key = (e: { blockNumber: number | bigint | null; logIndex: number | null }) => `${e.blockNumber}:${e.logIndex}`
const balanceOf = (address: Address) => chain.publicClient.readContract({ address: chain.deployment.balanceProcess, abi: balanceProcessAbi, functionName: 'balanceOf', args: [address] })
const utcDay = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10)

let built: Promise<void> | undefined
/** The chain and its history, built once for both engines. */
const history = () =>
  (built ??= (async () => {
    chain = await startTestChain({ blockTime: 0.25 })
    h = await buildSwapHistory(chain)
    const raw = await chain.publicClient.getLogs({ address: addresses(), fromBlock: 0n, toBlock: BigInt(h.lastBlock) })
    logs = raw.map((l) => {
      const { eventName, args } = decodeEventLog({ abi: evswapAbi, data: l.data, topics: l.topics })
      return { ...l, eventName, args: { ...(args as Record<string, unknown>) } }
    })
  })())
after(async () => {
  await chain?.stop()
})

/** The events that concern `batteryId` by the chain's logs: those naming it, and the swaps it is in. */
const chainHistoryOf = (batteryId: number) => {
  const swapsOf = new Set(h.swaps.filter((s) => s.evBatteryId === batteryId || s.stationBatteryId === batteryId).map((s) => s.id))
  return logs.filter((l) => {
    const a = l.args
    if (a.batteryId !== undefined) return Number(a.batteryId) === batteryId
    if (l.eventName === 'SwapRequested') return Number(a.evBatteryId) === batteryId || Number(a.stationBatteryId) === batteryId
    return l.eventName.startsWith('Swap') && a.swapId !== undefined && swapsOf.has(Number(a.swapId))
  })
}

/** The E-coin movements of `account` by the chain's Transfer logs, oldest first: [block:logIndex, signed amount, counterparty]. */
const chainMovementsOf = (account: Address) =>
  logs
    .filter((l) => l.eventName === 'Transfer' && !isAddressEqual(l.args.from as Address, l.args.to as Address))
    .flatMap((l) => {
      const [from, to, value] = [l.args.from as Address, l.args.to as Address, l.args.value as bigint]
      if (isAddressEqual(to, account)) return [[key(l), value, getAddress(from)] as const]
      if (isAddressEqual(from, account)) return [[key(l), -value, getAddress(to)] as const]
      return []
    })

const swapOf = (s: SwapRecord) => ({
  id: s.id,
  evOwner: s.evOwner,
  evUnit: s.evUnit,
  stationUnit: s.stationUnit,
  evBatteryId: s.evBatteryId,
  stationBatteryId: s.stationBatteryId,
  status: s.status,
  requestedAt: s.requestedAt,
})

for (const engine of ['pglite', 'postgres'] as const)
  describe(`index queries on ${engine}`, { timeout: 300_000 }, () => {
    let index: ChainIndex
    let where: { database: string; schema: string }
    const ledgerAccounts = () => [...h.evs, ...h.stations].map((x) => x.account.address).concat([chain.superAccount.address, chain.deployment.batteryInterface])

    before(async () => {
      await history()
      where = await testIndex(engine)
      index = await createChainIndex({ publicClient: chain.publicClient, deployment: chain.deployment, ...where, pollIntervalMs: 50 })
      await index.ready
      while (index.head() < h.lastBlock) await once(index.events, 'head')
      assert.equal(index.engine, engine)
    })
    after(async () => {
      await index?.close()
    })

    test('test_queryBatteryHistory_eachBattery_exactlyItsEventsOldestFirst', async () => {
      for (const { id } of h.batteries) {
        const { items, next } = await index.history(id, { limit: 500 })
        assert.equal(next, undefined)
        const expected = chainHistoryOf(id)
        assert.ok(expected.length >= 3, `battery ${id} has a history on the chain`)
        assert.deepEqual(
          items.map((e) => [key(e), e.event, e.txHash, e.address]),
          expected.map((l) => [key(l), l.eventName, l.transactionHash, l.address]),
          `history of battery ${id}`,
        )
        for (const [i, e] of items.entries()) {
          assert.deepEqual(e.args, expected[i]!.args, `arguments of ${e.event} ${key(e)}`)
          assert.equal(e.time, Number(expected[i]!.blockTimestamp), `block time of ${e.event} ${key(e)}`)
        }
      }
      // A swap's request and its decision are in the histories of both its batteries.
      for (const s of h.swaps) {
        for (const id of [s.evBatteryId, s.stationBatteryId]) {
          const events = (await index.history(id, { limit: 500 })).items
          assert.ok(events.some((e) => e.event === 'SwapRequested' && e.txHash === s.requestTx && Number(e.args.swapId) === s.id), `request of swap ${s.id} in battery ${id}'s history`)
          if (s.decisionTx) assert.ok(events.some((e) => e.event === `Swap${s.status}` && e.txHash === s.decisionTx), `${s.status} of swap ${s.id} in battery ${id}'s history`)
        }
      }
      assert.deepEqual((await index.history(9_999)).items, [])
    })

    test('test_queryBatteryHistory_pagesOfTwo_walkEveryEventOnce', async () => {
      // The battery with the longest history: EV 1's second, swapped twice.
      const id = h.batteries.map((b) => b.id).sort((x, y) => chainHistoryOf(y).length - chainHistoryOf(x).length)[0]!
      const whole = (await index.history(id, { limit: 500 })).items
      assert.ok(whole.length > 6, `${whole.length} events`)
      const walked: typeof whole = []
      let cursor: string | undefined
      let pages = 0
      for (;;) {
        const page = await index.history(id, { limit: 2, ...(cursor ? { cursor } : {}) })
        pages += 1
        assert.ok(page.items.length >= 1 && page.items.length <= 2, `a page of ${page.items.length}`)
        walked.push(...page.items)
        if (!page.next) break
        assert.equal(page.items.length, 2)
        assert.equal(page.next, key(page.items.at(-1)!))
        cursor = page.next
      }
      assert.deepEqual(walked, whole)
      assert.equal(new Set(walked.map(key)).size, whole.length)
      assert.equal(pages, Math.ceil(whole.length / 2))
    })

    test('test_queryBatteryHistory_badCursor_throwsRangeError', async () => {
      const id = h.batteries[0]!.id
      for (const cursor of ['latest', '12', '12:', ':3', '-1:2', '1:2:3']) await assert.rejects(index.history(id, { cursor }), RangeError, `cursor ${cursor}`)
    })

    test('test_queryLedger_eachAccount_newestFirstWithBalancesEndingAtTheChains', async () => {
      for (const account of ledgerAccounts()) {
        const { entries, next } = await index.ledger(account, { limit: 500 })
        assert.equal(next, undefined)
        // Newest first, each entry the account's side of a Transfer log, in the chain's order reversed.
        const oldestFirst = entries.slice().reverse()
        assert.deepEqual(
          oldestFirst.map((e) => [`${e.blockNumber}:${e.logIndex}`, e.amount, e.counterparty]),
          chainMovementsOf(account),
          `ledger of ${account}`,
        )
        let balance = 0n
        for (const e of oldestFirst) {
          balance += e.amount
          assert.equal(e.balanceAfter, balance, `balance after ${e.description}`)
        }
        assert.equal(balance, await balanceOf(account), `${account}'s ledger ends at its balance on the chain`)
        assert.ok(entries.length > 0)
      }
      // What each swap moved, by kind: the EV owner's escrow at the request, a refund when denied or cancelled.
      for (const s of h.swaps) {
        const ev = await wholeLedger(index, s.evOwner)
        assert.ok(ev.some((e) => e.kind === 'escrow' && e.swapId === s.id && e.txHash === s.requestTx && e.amount < 0n), `escrow of swap ${s.id}`)
        const refund = ev.find((e) => e.kind === 'refund' && e.swapId === s.id)
        assert.equal(refund?.txHash, s.status === 'Denied' || s.status === 'Cancelled' ? s.decisionTx : undefined, `refund of swap ${s.id}`)
      }
    })

    test('test_queryLedger_pagesOfTwo_walkEveryEntryOnce', async () => {
      // EV 3's: an escrow and a refund for each of its swaps, so an odd number of entries (the last page holds one).
      const account = h.evs[2]!.account.address
      const whole = (await index.ledger(account, { limit: 500 })).entries
      assert.equal(whole.length, chainMovementsOf(account).length)
      assert.ok(whole.length >= 7 && whole.length % 2 === 1, `${whole.length} entries`)
      const walked: typeof whole = []
      let before: string | undefined
      for (;;) {
        const page = await index.ledger(account, { limit: 2, ...(before ? { before } : {}) })
        assert.ok(page.entries.length >= 1 && page.entries.length <= 2)
        walked.push(...page.entries)
        if (!page.next) break
        assert.equal(page.next, `${page.entries.at(-1)!.blockNumber}:${page.entries.at(-1)!.logIndex}`)
        before = page.next
      }
      assert.deepEqual(walked, whole)
      assert.equal(new Set(walked.map((e) => `${e.blockNumber}:${e.logIndex}`)).size, whole.length)
      await assert.rejects(index.ledger(account, { before: 'latest' }), RangeError)
      assert.deepEqual(await index.ledger('0x000000000000000000000000000000000000dEaD'), { entries: [] })
    })

    test('test_querySwaps_unitFilter_asEvAndAsStation', async () => {
      for (const s of h.swaps) {
        const onChain = (await getSwap(chain.publicClient, chain.deployment, s.id))!
        assert.deepEqual([onChain.status, onChain.evOwner, onChain.stationUnit, onChain.evBatteryId, onChain.stationBatteryId], [s.status, s.evOwner, s.stationUnit, s.evBatteryId, s.stationBatteryId])
      }
      for (const unit of [...h.evs, ...h.stations].map((x) => x.unit)) {
        const expected = h.swaps.filter((s) => s.evUnit === unit || s.stationUnit === unit).map(swapOf)
        assert.ok(expected.length > 0)
        assert.deepEqual((await index.swaps({ unit })).items, expected, `swaps of unit ${unit}`)
      }
      assert.deepEqual((await index.swaps({ unit: 12345 })).items, [])
      assert.deepEqual((await index.swaps()).items, h.swaps.map(swapOf))
    })

    test('test_querySwaps_statusFilter_onlyThatStatus', async () => {
      for (const status of ['Approved', 'Denied', 'Cancelled', 'Pending'] as const) {
        const expected = h.swaps.filter((s) => s.status === status).map(swapOf)
        assert.ok(expected.length > 0, status)
        assert.deepEqual((await index.swaps({ status })).items, expected, status)
      }
      const station1 = h.stations[0]!.unit
      assert.deepEqual(
        (await index.swaps({ unit: station1, status: 'Approved' })).items.map((s) => s.id),
        h.swaps.filter((s) => s.stationUnit === station1 && s.status === 'Approved').map((s) => s.id),
      )
    })

    test('test_querySwaps_pagesOfTwo_byId', async () => {
      const walked: number[] = []
      let cursor: string | undefined
      for (;;) {
        const page = await index.swaps({ limit: 2, ...(cursor ? { cursor } : {}) })
        walked.push(...page.items.map((s) => s.id))
        if (!page.next) break
        assert.equal(page.items.length, 2)
        assert.equal(page.next, String(page.items.at(-1)!.id))
        cursor = page.next
      }
      assert.deepEqual(walked, h.swaps.map((s) => s.id))
      assert.deepEqual((await index.swaps({ cursor: String(h.swaps.at(-2)!.id) })).items.map((s) => s.id), [h.swaps.at(-1)!.id])
      await assert.rejects(index.swaps({ cursor: '3:1' }), RangeError)
    })

    test('test_querySwapsByDay_threeDays_countsPerStationPerDaySplitAndFiltered', async () => {
      const counts = new Map<string, { day: string; stationUnit: number; requested: number; approved: number; denied: number; cancelled: number; pending: number }>()
      for (const s of h.swaps) {
        const day = utcDay(s.requestedAt)
        const c = counts.get(`${day} ${s.stationUnit}`) ?? { day, stationUnit: s.stationUnit, requested: 0, approved: 0, denied: 0, cancelled: 0, pending: 0 }
        c.requested += 1
        c[s.status.toLowerCase() as 'approved' | 'denied' | 'cancelled' | 'pending'] += 1
        counts.set(`${day} ${s.stationUnit}`, c)
      }
      const expected = [...counts.values()].sort((x, y) => (x.day === y.day ? x.stationUnit - y.stationUnit : x.day < y.day ? 1 : -1))
      const days = h.dayStarts.map(utcDay)
      assert.deepEqual([...new Set(expected.map((r) => r.day))], days.slice().reverse(), 'the history made swaps on three days')
      const [st1, st2] = h.stations.map((x) => x.unit) as [number, number]
      // As buildSwapHistory made them.
      assert.deepEqual(await index.swapsByDay(), expected)
      assert.deepEqual(
        (await index.swapsByDay()).map((r) => [r.day, r.stationUnit, r.requested, r.approved, r.denied, r.cancelled, r.pending]),
        [
          [days[2], st1, 1, 0, 0, 0, 1],
          [days[2], st2, 1, 1, 0, 0, 0],
          [days[1], st1, 1, 1, 0, 0, 0],
          [days[1], st2, 1, 0, 1, 0, 0],
          [days[0], st1, 2, 1, 0, 1, 0],
          [days[0], st2, 1, 0, 1, 0, 0],
        ],
      )
      // from inclusive, to exclusive, in unix seconds; a station's own.
      assert.deepEqual(await index.swapsByDay({ from: h.dayStarts[1], to: h.dayStarts[2] }), expected.filter((r) => r.day === days[1]))
      assert.deepEqual(await index.swapsByDay({ from: h.dayStarts[2] }), expected.filter((r) => r.day === days[2]))
      assert.deepEqual(await index.swapsByDay({ to: h.dayStarts[1] }), expected.filter((r) => r.day === days[0]))
      assert.deepEqual(await index.swapsByDay({ stationUnit: st2 }), expected.filter((r) => r.stationUnit === st2))
      assert.deepEqual(await index.swapsByDay({ stationUnit: st1, from: h.dayStarts[0], to: h.dayStarts[1] }), expected.filter((r) => r.stationUnit === st1 && r.day === days[0]))
      // A from or to inside a day cuts by the request's time, not by the day.
      const lastOfDay0 = Math.max(...h.swaps.filter((s) => s.day === 0).map((s) => s.requestedAt))
      const cut = h.swaps.filter((s) => s.day === 0 && s.requestedAt >= lastOfDay0)
      assert.ok(cut.length < h.swaps.filter((s) => s.day === 0).length)
      const partOfDay0 = await index.swapsByDay({ from: lastOfDay0, to: h.dayStarts[1] })
      assert.deepEqual(partOfDay0.map((r) => r.day), partOfDay0.map(() => days[0]))
      assert.equal(partOfDay0.reduce((n, r) => n + r.requested, 0), cut.length)
      assert.deepEqual(await index.swapsByDay({ limit: 2 }), expected.slice(0, 2))
      assert.deepEqual(await index.swapsByDay({ from: h.dayStarts[2] + 86_400 }), [])
    })

    test('test_queryStock_byHolderAndStatus_asTheContractsSay', async () => {
      const count = await chain.publicClient.readContract({ address: chain.deployment.batteryProcess, abi: batteryProcessAbi, functionName: 'batteryCount' })
      assert.equal(count, h.batteries.length)
      const grouped = new Map<string, { holder: number; status: string; count: number }>()
      for (let id = 1; id <= count; id++) {
        const { holder, status } = (await getBattery(chain.publicClient, chain.deployment, id))!.dynamicInfo
        const g = grouped.get(`${holder} ${status}`) ?? { holder, status, count: 0 }
        g.count += 1
        grouped.set(`${holder} ${status}`, g)
      }
      const expected = [...grouped.values()].sort((x, y) => x.holder - y.holder || (x.status < y.status ? -1 : x.status > y.status ? 1 : 0))
      assert.deepEqual(await index.stock(), expected)
      for (const unit of [...h.evs, ...h.stations].map((x) => x.unit)) assert.deepEqual(await index.stock({ holder: unit }), expected.filter((r) => r.holder === unit), `stock of ${unit}`)
      assert.deepEqual(await index.stock({ holder: 777 }), [])
      // The pending swap's two batteries are locked; the battery station 1 recycled is out of service.
      const pending = h.swaps.find((s) => s.status === 'Pending')!
      for (const id of [pending.evBatteryId, pending.stationBatteryId]) {
        assert.equal((await getBattery(chain.publicClient, chain.deployment, id))!.dynamicInfo.status, 'SwapPending')
        assert.equal((await index.battery(id))?.status, 'SwapPending')
      }
      assert.deepEqual(
        (await index.stock()).filter((r) => r.status !== 'InService').map((r) => [r.holder, r.status, r.count]),
        [
          [h.evs[2]!.unit, 'SwapPending', 1],
          [h.stations[0]!.unit, 'Recycled', 1],
          [h.stations[0]!.unit, 'SwapPending', 1],
        ],
      )
    })

    test('test_queryEventsSince_aBlock_theChainsLogsFromItInOrderWithPaging', async () => {
      const since = h.swaps[0]!.requestBlock
      const expected = logs.filter((l) => Number(l.blockNumber) >= since)
      assert.ok(expected.length > 20 && expected.length < logs.length)
      const walked = await allPages((cursor) => index.eventsSince(since, { limit: 7, ...(cursor ? { cursor } : {}) }))
      assert.deepEqual(
        walked.map((e) => [key(e), e.event, e.txHash, e.address, e.time]),
        expected.map((l) => [key(l), l.eventName, l.transactionHash, l.address, Number(l.blockTimestamp)]),
      )
      for (const [i, e] of walked.entries()) assert.deepEqual(e.args, expected[i]!.args, `${e.event} ${key(e)}`)
      // Pages chain by block:logIndex, and a cursor inside a block goes on after it.
      const first = await index.eventsSince(since, { limit: 3 })
      assert.equal(first.next, key(expected[2]!))
      assert.deepEqual((await index.eventsSince(since, { limit: 2, cursor: first.next })).items.map(key), expected.slice(3, 5).map(key))
      // From the deployment on: every log of the deployment's four contracts.
      assert.deepEqual((await allPages((cursor) => index.eventsSince(0, { limit: 500, cursor }))).map(key), logs.map(key))
      assert.deepEqual((await index.eventsSince(h.lastBlock + 1)).items, [])
      await assert.rejects(index.eventsSince(since, { cursor: 'x' }), RangeError)
    })

    test('test_queryAccounts_registeredAndSuper_balancesAsOnChain_roleFilterAndPaging', async () => {
      const devices = [...h.evs, ...h.stations]
      const expected = await Promise.all([...devices.map((x) => x.account.address), chain.superAccount.address].map((a) => getAccount(chain.publicClient, chain.deployment, a)))
      const byAddress = (x: { address: string }, y: { address: string }) => (x.address < y.address ? -1 : 1)
      const { items, next } = await index.accounts()
      assert.equal(next, undefined)
      assert.deepEqual(items.slice().sort(byAddress), expected.sort(byAddress))
      assert.ok(items.some((a) => a.isSuper && a.address === chain.superAccount.address && a.balance > 0n))
      const operators = await index.accounts({ role: 'StationOperator' })
      assert.deepEqual(operators.items.map((a) => a.address).sort(), h.stations.map((x) => x.account.address).sort())
      assert.ok(operators.items.every((a) => a.role === 'StationOperator' && a.unit === h.stations.find((x) => x.account.address === a.address)!.unit))
      assert.deepEqual((await index.accounts({ role: 'EVOwner' })).items.map((a) => a.unit).sort(), h.evs.map((x) => x.unit).sort())
      // The accounts of one role come by unit (station 1 first, whatever the keys), a page at a time by unit.
      const units = h.stations.map((x) => x.unit).sort((x, y) => x - y)
      assert.deepEqual(operators.items.map((a) => a.unit), units)
      const first = await index.accounts({ role: 'StationOperator', limit: 1 })
      assert.deepEqual([first.items.map((a) => a.unit), first.next], [[units[0]], String(units[0])])
      const rest = await index.accounts({ role: 'StationOperator', cursor: first.next! })
      assert.deepEqual(rest.items.map((a) => a.unit), units.slice(1))
      await assert.rejects(index.accounts({ role: 'StationOperator', cursor: '0xabc' }), RangeError)
      // Pages of two by address, in the order of the whole list.
      const walked: typeof items = []
      let cursor: string | undefined
      for (;;) {
        const page = await index.accounts({ limit: 2, ...(cursor ? { cursor } : {}) })
        walked.push(...page.items)
        if (!page.next) break
        assert.equal(page.items.length, 2)
        assert.equal(page.next, page.items.at(-1)!.address)
        cursor = page.next
      }
      assert.deepEqual(walked, items)
      assert.equal(walked.length, devices.length + 1)
    })

    test('test_queryBatteries_holderAndStatusFilters_andPaging', async () => {
      const onChain = await Promise.all(
        h.batteries.map(async ({ id }) => {
          const { owner, holder, status } = (await getBattery(chain.publicClient, chain.deployment, id))!.dynamicInfo
          return { id, owner, holder, status }
        }),
      )
      onChain.sort((x, y) => x.id - y.id)
      assert.deepEqual((await index.batteries()).items, onChain)
      for (const unit of [...h.evs, ...h.stations].map((x) => x.unit)) {
        const expected = onChain.filter((b) => b.holder === unit)
        assert.ok(expected.length > 0, `unit ${unit} holds batteries`)
        assert.deepEqual((await index.batteries({ holder: unit })).items, expected, `held by ${unit}`)
      }
      for (const status of ['InService', 'SwapPending', 'Recycled']) {
        const expected = onChain.filter((b) => b.status === status)
        assert.ok(expected.length > 0, status)
        assert.deepEqual((await index.batteries({ status })).items, expected, status)
      }
      const st1 = h.stations[0]!.unit
      assert.deepEqual((await index.batteries({ holder: st1, status: 'InService' })).items, onChain.filter((b) => b.holder === st1 && b.status === 'InService'))
      assert.deepEqual(await allPages((cursor) => index.batteries({ limit: 2, ...(cursor ? { cursor } : {}) })), onChain)
      const firstPage = await index.batteries({ limit: 3 })
      assert.equal(firstPage.next, String(onChain[2]!.id))
      await assert.rejects(index.batteries({ cursor: 'one' }), RangeError)
    })

    // Last: it replaces the index by a restarted one.
    test('test_restart_sameDatabase_readyWithoutReadingHistoryAgain_andSameAnswers', async () => {
      const before = await snapshotIndex(index, { alsoLedgers: [chain.deployment.batteryInterface] })
      assert.equal(before.events.length, logs.length)
      await index.close()
      const closedAt = index.head()
      assert.ok(closedAt >= h.lastBlock)

      // Every request the restarted index makes, through a transport that records them.
      const calls: { method: string; params?: unknown }[] = []
      const base = http(chain.url)({ retryCount: 0 })
      const publicClient = createPublicClient({
        transport: custom({
          request: (args: { method: string; params?: unknown }) => {
            calls.push(args)
            return base.request(args as never)
          },
        }),
        pollingInterval: 50,
      })
      const applied: string[] = []
      index = await createChainIndex({ publicClient, deployment: chain.deployment, ...where, pollIntervalMs: 50 })
      index.events.on('chain', (e: { blockNumber: number; logIndex: number }) => applied.push(key(e)))
      await index.ready
      const readyAt = index.head()
      assert.ok(readyAt >= closedAt, `head ${readyAt} after the restart, ${closedAt} before`)

      const getLogs = calls.filter((c) => c.method === 'eth_getLogs').map((c) => (c.params as [{ fromBlock?: string; blockHash?: Hash }])[0])
      assert.ok(getLogs.length <= readyAt - closedAt + 1, `${getLogs.length} eth_getLogs for ${readyAt - closedAt} new blocks`)
      for (const q of getLogs) {
        const from = q.blockHash ? Number((await chain.publicClient.getBlock({ blockHash: q.blockHash })).number) : Number(q.fromBlock)
        assert.ok(from > closedAt, `an eth_getLogs from block ${from}, at or before ${closedAt}, the last block indexed before the restart (the deployment is at ${chain.deployment.block})`)
      }
      assert.deepEqual(applied, [], 'no event applied again')
      assert.deepEqual(await snapshotIndex(index, { alsoLedgers: [chain.deployment.batteryInterface] }), before)
    })
  })
