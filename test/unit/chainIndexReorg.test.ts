import { strict as assert } from 'node:assert'
import { once } from 'node:events'
import { after, before, describe, test } from 'node:test'
import type { Hex, LocalAccount } from 'viem'
import { createChainIndex, type ChainIndex, type IndexedEvent } from '../../src/rich/events/createChainIndex.js'
import { startStationServer, type StartStationServerReturnType } from '../../src/rich/stationServer.js'
import { readSse } from '../../src/thin/agent/readSse.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { testIndex } from '../helpers/testIndex.js'

// A Clique fork replaces the newest blocks with others. anvil's snapshot and revert undo blocks the same way
// (and drop their transactions), so the station's index is tested against a real node doing it.
describe('chain index across a chain reorganization', { timeout: 60_000 }, () => {
  let chain: TestChain
  let ev1: LocalAccount
  let ev2: LocalAccount
  const indexes: ChainIndex[] = []
  let server: StartStationServerReturnType
  // What the station streams (every event), and a wake-up for each arrival.
  const streamed: { event: string; data: { event: string; txHash: string } }[] = []
  let arrived = () => {}
  const abort = new AbortController()

  before(async () => {
    chain = await startTestChain({ blockTime: 0.25 })
    ;[ev1, ev2] = (await chain.registerDevices([
      { role: 'EVOwner', unitId: 1 },
      { role: 'EVOwner', unitId: 2 },
    ])) as [LocalAccount, LocalAccount]
    server = await startStationServer({
      publicClient: chain.publicClient,
      walletClient: chain.wallet(1),
      deployment: chain.deployment,
      station: { id: 1, name: 'Station 1', url: 'http://station-1.test' },
      peers: [],
      nodeUrls: [chain.url],
      logger: false,
      port: 0,
      handleSignals: false,
      index: await testIndex(),
    })
    await new Promise<void>((opened) => {
      void readSse(
        `${server.url}/api/events?heads=false`,
        (event, data) => {
          streamed.push({ event, data: JSON.parse(data) })
          arrived()
        },
        abort.signal,
        { onOpen: opened },
      ).catch(() => {})
    })
  })
  after(async () => {
    abort.abort()
    for (const i of indexes) await i.close()
    await server?.close()
    await chain?.stop()
  })
  /** Resolves once the stream has sent an event that `match` accepts. */
  const streamedSoon = async (match: (e: (typeof streamed)[number]) => boolean) => {
    while (!streamed.some(match)) await new Promise<void>((r) => (arrived = r))
  }

  const rpc = <T>(method: string, params: unknown[] = []) => chain.publicClient.request({ method, params } as never) as Promise<T>
  const start = async (reorgDepth: number, logs: string[]) => {
    const index = await createChainIndex({ publicClient: chain.publicClient, deployment: chain.deployment, pollIntervalMs: 50, reorgDepth, log: (l) => logs.push(l), ...(await testIndex()) })
    indexes.push(index)
    await index.ready
    return index
  }
  const ids = async (index: ChainIndex, holder: number) => (await index.batteries({ holder })).items.map((b) => b.id)
  /** Resolves with the first `name` event that `match` accepts, from now on. */
  const nextEvent = (index: ChainIndex, name: 'chain' | 'removed', match: (e: IndexedEvent) => boolean) =>
    new Promise<IndexedEvent>((resolve) => {
      const on = (e: IndexedEvent) => {
        if (!match(e)) return
        index.events.off(name, on)
        resolve(e)
      }
      index.events.on(name, on)
    })

  test('test_blocksReplaced_theirEventsAreUndone_andTheReplacingBlocksIndexed', async () => {
    const logs: string[] = []
    const deep: string[] = []
    const index = await start(64, logs)
    // Also an index that keeps fewer blocks than the fork replaces: it has to index everything again.
    const shallow = await start(2, deep)
    const unit1 = (await index.account(ev1.address))!.unit
    const unit2 = (await index.account(ev2.address))!.unit
    const removed: IndexedEvent[] = []
    index.events.on('removed', (e: IndexedEvent) => removed.push(e))

    const forkedAfter = Number(await chain.publicClient.getBlockNumber({ cacheTime: 0 }))
    const snapshot = await rpc<Hex>('evm_snapshot')
    const registered1 = nextEvent(index, 'chain', (e) => e.event === 'BatteryRegistered')
    const id = await chain.registerBattery(ev1, 'ONE')
    const first = await registered1
    assert.equal((await index.battery(id))?.holder, unit1)
    assert.deepEqual(await ids(index, unit1), [id])
    // Blocks on top of it, so the fork below replaces more than the shallow index keeps.
    const height = await chain.publicClient.getBlockNumber({ cacheTime: 0 })
    while ((await chain.publicClient.getBlockNumber({ cacheTime: 0 })) < height + 4n) await once(index.events, 'head')

    // The fork: those blocks are gone, and another device's battery takes the same id in the new ones.
    assert.equal(await rpc<boolean>('evm_revert', [snapshot]), true)
    const undone = nextEvent(index, 'removed', (e) => e.txHash === first.txHash)
    const registered2 = nextEvent(index, 'chain', (e) => e.event === 'BatteryRegistered')
    const shallowRegistered2 = nextEvent(shallow, 'chain', (e) => e.event === 'BatteryRegistered' && Number(e.args.holder) === unit2)
    const id2 = await chain.registerBattery(ev2, 'TWO')
    assert.equal(id2, id, 'anvil gave the replacing battery another id: the test needs the same one')
    await undone
    const second = await registered2
    assert.notEqual(second.txHash, first.txHash)
    await shallowRegistered2

    for (const i of [index, shallow]) {
      assert.equal((await i.battery(id))?.holder, unit2)
      assert.equal((await i.battery(id))?.owner, ev2.address)
      assert.deepEqual(await ids(i, unit1), [])
      assert.deepEqual(await ids(i, unit2), [id])
      assert.deepEqual(
        (await i.history(id)).items.map((e) => e.txHash),
        [second.txHash],
      )
    }
    // What was announced as removed is the undone blocks' events, and nothing older.
    assert.deepEqual([...new Set(removed.map((e) => e.txHash))], [first.txHash])
    assert.ok(removed.every((e) => e.blockNumber > forkedAfter))
    // A client of the station's stream hears of it, after it heard of the registration.
    await streamedSoon((e) => e.event === 'removed' && e.data.event === 'BatteryRegistered' && e.data.txHash === first.txHash)
    const order = streamed.map((e) => `${e.event} ${e.data.event} ${e.data.txHash}`)
    assert.ok(order.indexOf(`chain BatteryRegistered ${first.txHash}`) < order.indexOf(`removed BatteryRegistered ${first.txHash}`), order.join('\n'))
    assert.ok(index.reorgedBlocks() >= 1)
    assert.ok(logs.some((l) => /a chain reorganization replaced \d+ block\(s\) from \d+/.test(l)), logs.join('\n'))
    assert.ok(deep.some((l) => /replaced more than the last 2 blocks; indexing again/.test(l)), deep.join('\n'))
  })
})
