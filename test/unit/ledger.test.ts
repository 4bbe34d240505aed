import { strict as assert } from 'node:assert'
import { once } from 'node:events'
import { after, before, describe, test } from 'node:test'
import { encodeFunctionData, type Address, type LocalAccount } from 'viem'
import { startStationServer, type StartStationServerReturnType } from '../../src/rich/stationServer.js'
import { toForwardRequestData } from '../../src/rich/relay/toForwardRequestData.js'
import { evswapForwarderAbi } from '../../src/sdk/abi/evswapForwarder.js'
import { balanceProcessAbi } from '../../src/sdk/abi/balanceProcess.js'
import { approveSwapCall } from '../../src/sdk/calls/approveSwapCall.js'
import type { SwapTerms } from '../../src/sdk/calls/SwapTerms.js'
import { cancelSwapCall } from '../../src/sdk/calls/cancelSwapCall.js'
import { denySwapCall } from '../../src/sdk/calls/denySwapCall.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { requestSwapCall } from '../../src/sdk/calls/requestSwapCall.js'
import { setEnergyPriceCall } from '../../src/sdk/calls/setEnergyPriceCall.js'
import { setFeeCall } from '../../src/sdk/calls/setFeeCall.js'
import { getSwap } from '../../src/sdk/reads/getSwap.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { testIndex } from '../helpers/testIndex.js'

type Entry = {
  blockNumber: number
  logIndex: number
  time?: number
  txHash: string
  kind: string
  amount: string
  counterparty: string
  counterpartyName?: string
  swapId?: number
  batteryId?: number
  description: string
  balanceAfter: string
}
type Page = { account: string; entries: Entry[]; next?: string }

const SWAP_FEE = 2_10n
const DISCHARGE_FEE = 50n

// The station's ledger route, on a real anvil with the contracts, after a grant, a discharge with a fee,
// and swaps that are approved (both signs of difference), denied and cancelled, all relayed by the station.
describe('account ledger', { timeout: 120_000 }, () => {
  let chain: TestChain
  let server: StartStationServerReturnType
  let ev: LocalAccount
  let station: LocalAccount
  let evBattery: number
  const stationBatteries: number[] = []
  const swaps: Record<'approved' | 'denied' | 'cancelled' | 'stationPays', SwapTerms & { id: number; escrow: bigint }> = {} as never

  const get = async (path: string) => {
    const res = await fetch(server.url + path)
    return { status: res.status, body: (await res.json()) as Page & { error?: { message: string } } }
  }
  /** Every entry of an account, oldest first, in one page. */
  const ledgerOf = async (address: Address) => {
    const r = await get(`/api/accounts/${address}/ledger?limit=500`)
    assert.equal(r.status, 200, JSON.stringify(r.body))
    assert.equal(r.body.next, undefined)
    return r.body.entries.slice().reverse()
  }
  const balanceOf = (address: Address) =>
    chain.publicClient.readContract({ address: chain.deployment.balanceProcess, abi: balanceProcessAbi, functionName: 'balanceOf', args: [address] })
  /** Resolves once the station's index has read block `n`. */
  const indexed = async (n: bigint | number) => {
    while (server.index.head() < Number(n)) await once(server.index.events, 'head')
  }
  /** A device's call through the station's relay (so in a forwarder batch), waited for, then indexed. */
  const relayed = async (account: LocalAccount, call: EvswapCall) => {
    const sent = await fetch(`${server.url}/api/relay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(await chain.sign(account, call)) })
    const { id } = (await sent.json()) as { id: string }
    const done = (await (await fetch(`${server.url}/api/relay/${id}?wait=1`)).json()) as { status: string; blockNumber: number; error?: string }
    assert.equal(done.status, 'confirmed', `${call.label}: ${JSON.stringify(done)}`)
    await indexed(done.blockNumber)
  }
  const swapFor = async (evBatteryId: number, stationBatteryId: number) => {
    await relayed(ev, requestSwapCall(chain.deployment, { evBatteryId, stationBatteryId, maxCost: 10_000_00n }))
    const id = (await server.index.swaps({ status: 'Pending', limit: 500 })).items.at(-1)!.id
    const s = (await getSwap(chain.publicClient, chain.deployment, id))!
    return { id, swapId: id, evBatteryId, stationBatteryId, difference: s.difference, escrow: s.escrow }
  }

  before(async () => {
    chain = await startTestChain()
    ;[ev, station] = (await chain.registerDevices([
      { role: 'EVOwner', unitId: 1 },
      { role: 'StationOperator', unitId: 1 },
    ])) as [LocalAccount, LocalAccount]
    await chain.send(chain.superWallet, [
      grantECoinCall(chain.deployment, { to: ev.address, amount: 1_000_00n }),
      grantECoinCall(chain.deployment, { to: station.address, amount: 500_00n }),
      setFeeCall(chain.deployment, { operation: 'Swap', fee: SWAP_FEE }),
      setFeeCall(chain.deployment, { operation: 'Discharge', fee: DISCHARGE_FEE }),
      // Energy held has a value, so a discharged battery is worth less and differences are not 0.
      setEnergyPriceCall(chain.deployment, { pricePerKWh: 30n }),
    ])
    evBattery = await chain.registerBattery(ev, 'TOY')
    for (const brand of ['SUM', 'BYD', 'CATL', 'NIO']) stationBatteries.push(await chain.registerBattery(station, brand))
    server = await startStationServer({
      publicClient: chain.publicClient,
      walletClient: chain.wallet(1),
      deployment: chain.deployment,
      station: { id: 1, name: 'Station 1', url: 'http://station-1.test' },
      peers: [],
      nodeUrls: [chain.url],
      logger: false,
      relay: { batchIntervalMs: 50 },
      port: 0,
      handleSignals: false,
      index: await testIndex(),
    })
    const [x, y, z, w] = stationBatteries as [number, number, number, number]
    // A used EV battery is worth less than a full one: the EV owner pays the difference.
    await relayed(ev, dischargeCall(chain.deployment, { batteryId: evBattery, energyWh: 20_000, socPermille: 330, duration: 3600 }))
    swaps.approved = await swapFor(evBattery, x)
    await relayed(station, approveSwapCall(chain.deployment, swaps.approved))
    swaps.denied = await swapFor(x, y)
    await relayed(station, denySwapCall(chain.deployment, swaps.denied))
    swaps.cancelled = await swapFor(x, z)
    await relayed(ev, cancelSwapCall(chain.deployment, { swapId: swaps.cancelled.id }))
    // A used station battery is worth less than the EV's full one: the station pays the EV owner.
    await relayed(station, dischargeCall(chain.deployment, { batteryId: w, energyWh: 10_000, socPermille: 160, duration: 3600 }))
    swaps.stationPays = await swapFor(x, w)
    await relayed(station, approveSwapCall(chain.deployment, swaps.stationPays))
  })
  after(async () => {
    await server?.close()
    await chain?.stop()
  })

  /** Running balances follow the amounts from 0, and end at the chain's balance (read through viem). */
  const assertRunningBalance = async (address: Address, entries: Entry[]) => {
    let balance = 0n
    for (const e of entries) {
      balance += BigInt(e.amount)
      assert.equal(BigInt(e.balanceAfter), balance, `balance after ${e.description}`)
    }
    assert.equal(balance, await balanceOf(address))
  }
  const shape = (entries: Entry[]) => entries.map((e) => [e.kind, BigInt(e.amount), e.counterpartyName, e.swapId])

  test('test_ledger_evOwner_grantFeeEscrowRefundsAndSettlement', async () => {
    assert.ok(swaps.approved.difference > 0n && swaps.stationPays.difference < 0n, 'the scenario has both signs of difference')
    const entries = await ledgerOf(ev.address)
    assert.deepEqual(shape(entries), [
      ['grant', 1_000_00n, 'the super account', undefined],
      ['fee', -DISCHARGE_FEE, 'the super account', undefined],
      ['escrow', -(swaps.approved.difference + SWAP_FEE), 'swap escrow', swaps.approved.id],
      ['escrow', -SWAP_FEE, 'swap escrow', swaps.denied.id],
      ['refund', SWAP_FEE, 'swap escrow', swaps.denied.id],
      ['escrow', -SWAP_FEE, 'swap escrow', swaps.cancelled.id],
      ['refund', SWAP_FEE, 'swap escrow', swaps.cancelled.id],
      ['escrow', -SWAP_FEE, 'swap escrow', swaps.stationPays.id],
      ['settlement', -swaps.stationPays.difference, 'station 1', swaps.stationPays.id],
    ])
    assert.equal(swaps.approved.escrow, swaps.approved.difference + SWAP_FEE)
    assert.equal(entries[1]!.batteryId, evBattery)
    assert.match(entries[1]!.description, new RegExp(`^fee for discharging battery ${evBattery}: 0\\.50 E-coin paid to the treasury$`))
    assert.match(entries[2]!.description, new RegExp(`^escrow for swap ${swaps.approved.id}: \\d+\\.\\d\\d E-coin \\(\\d+\\.\\d\\d E-coin price difference \\+ 2\\.10 E-coin fee\\) held until station 1 approves or denies$`))
    assert.match(entries[4]!.description, /denied by station 1: the escrow of 2\.10 E-coin returned to you$/)
    assert.match(entries[6]!.description, /cancelled by EV 1: the escrow of 2\.10 E-coin returned to you$/)
    assert.match(entries[8]!.description, /station 1 pays you \d+\.\d\d E-coin, the price difference \(your battery was worth more\)$/)
    for (const e of entries) {
      assert.doesNotMatch(e.description, /0x|undefined|NaN/, e.description)
      assert.ok(e.time && Math.abs(e.time - Date.now() / 1000) < 600, `block time of ${e.description}: ${e.time}`)
    }
    await assertRunningBalance(ev.address, entries)
  })

  test('test_ledger_stationOperator_settlementsBothWays', async () => {
    const entries = await ledgerOf(station.address)
    assert.deepEqual(shape(entries), [
      ['grant', 500_00n, 'the super account', undefined],
      ['settlement', swaps.approved.difference, 'swap escrow', swaps.approved.id],
      ['fee', -DISCHARGE_FEE, 'the super account', undefined],
      ['settlement', swaps.stationPays.difference, 'EV 1', swaps.stationPays.id],
    ])
    assert.match(entries[1]!.description, /paid to you from EV 1's escrow$/)
    assert.equal(entries[2]!.batteryId, stationBatteries[3])
    assert.match(entries[3]!.description, /you pay EV 1 \d+\.\d\d E-coin, the price difference/)
    await assertRunningBalance(station.address, entries)
  })

  test('test_ledger_treasuryAndEscrow_feesAndBalancesMatchTheChain', async () => {
    const treasury = await ledgerOf(chain.superAccount.address)
    assert.deepEqual(shape(treasury), [
      ['fee', DISCHARGE_FEE, 'EV 1', undefined],
      ['fee', SWAP_FEE, 'swap escrow', swaps.approved.id],
      ['fee', DISCHARGE_FEE, 'station 1', undefined],
      ['fee', SWAP_FEE, 'swap escrow', swaps.stationPays.id],
    ])
    assert.match(treasury[0]!.description, new RegExp(`^fee for discharging battery ${evBattery} by EV 1: 0\\.50 E-coin$`))
    await assertRunningBalance(chain.superAccount.address, treasury)
    // The contract's own ledger: every escrow in, paid out or returned, so it ends at 0 like its balance.
    const escrow = await ledgerOf(chain.deployment.batteryInterface)
    assert.deepEqual(
      escrow.map((e) => e.kind),
      ['escrow', 'settlement', 'fee', 'escrow', 'refund', 'escrow', 'refund', 'escrow', 'fee'],
    )
    await assertRunningBalance(chain.deployment.batteryInterface, escrow)
    assert.equal(escrow.at(-1)!.balanceAfter, '0')
  })

  test('test_ledger_pagesOfTwo_walkEveryEntryOnce', async () => {
    const all = (await ledgerOf(ev.address)).reverse()
    const walked: Entry[] = []
    let path = `/api/accounts/${ev.address}/ledger?limit=2`
    for (;;) {
      const r = await get(path)
      assert.equal(r.status, 200)
      assert.ok(r.body.entries.length <= 2)
      walked.push(...r.body.entries)
      if (!r.body.next) break
      assert.equal(r.body.next, `${r.body.entries.at(-1)!.blockNumber}:${r.body.entries.at(-1)!.logIndex}`)
      path = `/api/accounts/${ev.address}/ledger?limit=2&before=${r.body.next}`
    }
    assert.deepEqual(walked, all)
    assert.equal(new Set(walked.map((e) => `${e.blockNumber}:${e.logIndex}`)).size, all.length)
    // Defaults and bounds: a page is 50 unless asked, never more than 500, and a bad cursor is refused.
    assert.equal((await get(`/api/accounts/${ev.address}/ledger?limit=501`)).status, 400)
    assert.equal((await get(`/api/accounts/${ev.address}/ledger?before=latest`)).status, 400)
    const stranger = await get('/api/accounts/0x000000000000000000000000000000000000dEaD/ledger')
    assert.deepEqual(stranger.body.entries, [])
  })

  test('test_ledger_twoCallsInOneBatch_eachClassifiedByItsOwnOperation', async () => {
    // A relayed batch is one transaction of many calls: a discharge's fee, then a grant's mint. Told apart
    // at the forwarder's ExecutedForwardRequest, the first stays a fee (taken with the whole transaction,
    // the grant would claim it and leave a "transfer").
    const discharge = await chain.sign(ev, dischargeCall(chain.deployment, { batteryId: stationBatteries[3]!, energyWh: 9_000, socPermille: 150, duration: 600 }))
    const grant = await chain.sign(chain.superAccount, grantECoinCall(chain.deployment, { to: ev.address, amount: 3_00n }))
    const relayer = chain.wallet(2)
    const hash = await relayer.writeContract({
      address: chain.deployment.forwarder,
      abi: evswapForwarderAbi,
      functionName: 'executeBatch',
      args: [[toForwardRequestData(discharge), toForwardRequestData(grant)], relayer.account.address],
      chain: null,
      gas: 1_000_000n,
    })
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
    assert.equal(receipt.status, 'success')
    await indexed(receipt.blockNumber)
    const [fee, granted] = (await ledgerOf(ev.address)).slice(-2) as [Entry, Entry]
    assert.deepEqual([fee.txHash, granted.txHash], [hash, hash])
    assert.deepEqual([fee.kind, BigInt(fee.amount), fee.batteryId], ['fee', -DISCHARGE_FEE, stationBatteries[3]])
    assert.deepEqual([granted.kind, BigInt(granted.amount)], ['grant', 3_00n])
    const treasuryFee = (await ledgerOf(chain.superAccount.address)).at(-1)!
    assert.deepEqual([treasuryFee.kind, treasuryFee.counterpartyName, treasuryFee.txHash], ['fee', 'EV 1', hash])
    await assertRunningBalance(ev.address, await ledgerOf(ev.address))
  })

  test('test_ledger_holdersOwnTransfer_isATransferBothWays', async () => {
    // E-coin is an ERC-20: a holder may send some itself (here relayed, like any device request).
    const data = encodeFunctionData({ abi: balanceProcessAbi, functionName: 'transfer', args: [station.address, 1_00n] })
    await relayed(ev, { to: chain.deployment.balanceProcess, data, gas: 100_000n, label: 'transfer' })
    const sent = (await ledgerOf(ev.address)).at(-1)!
    const received = (await ledgerOf(station.address)).at(-1)!
    assert.deepEqual([sent.kind, sent.amount, sent.counterpartyName, sent.description], ['transfer', '-100', 'station 1', '1.00 E-coin sent to station 1'])
    assert.deepEqual([received.kind, received.amount, received.counterpartyName, received.description], ['transfer', '100', 'EV 1', '1.00 E-coin received from EV 1'])
    await assertRunningBalance(station.address, await ledgerOf(station.address))
  })

  // Last: it rewinds the chain. anvil's snapshot and revert replace blocks as a Clique fork does.
  test('test_ledger_grantUndoneByAFork_leavesTheLedger', async () => {
    const rpc = <T>(method: string, params: unknown[] = []) => chain.publicClient.request({ method, params } as never) as Promise<T>
    const before = await ledgerOf(ev.address)
    const snapshot = await rpc<string>('evm_snapshot')
    const [r] = await chain.send(chain.superWallet, [grantECoinCall(chain.deployment, { to: ev.address, amount: 7_77n })])
    await indexed(r!.blockNumber)
    const withGrant = await ledgerOf(ev.address)
    assert.deepEqual(withGrant.at(-1)!.kind, 'grant')
    assert.equal(withGrant.at(-1)!.amount, '777')
    const removed = new Promise<void>((resolve) => server.index.events.on('removed', (e: { txHash: string }) => e.txHash === r!.transactionHash && resolve()))
    assert.ok(await rpc<boolean>('evm_revert', [snapshot]))
    await removed
    assert.deepEqual(await ledgerOf(ev.address), before)
    await assertRunningBalance(ev.address, before)
  })
})
