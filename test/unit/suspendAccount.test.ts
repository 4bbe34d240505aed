import { strict as assert } from 'node:assert'
import { after, before, describe, test } from 'node:test'
import type { LocalAccount } from 'viem'
import type { StartStationServerReturnType } from '../../src/rich/stationServer.js'
import { evswapAbi } from '../../src/sdk/evswapAbi.js'
import { approveSwapCall } from '../../src/sdk/calls/approveSwapCall.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { requestSwapCall } from '../../src/sdk/calls/requestSwapCall.js'
import { setSuspendedCall } from '../../src/sdk/calls/setSuspendedCall.js'
import { swapTermsOf } from '../../src/sdk/calls/swapTermsOf.js'
import { shortAddress } from '../../src/sdk/errors/shortAddress.js'
import { getSwap } from '../../src/sdk/reads/getSwap.js'
import { quoteSwap } from '../../src/sdk/reads/quoteSwap.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { startTestStation } from '../helpers/testStation.js'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field

const ERROR_NAMES = evswapAbi.filter((x) => x.type === 'error').map((x) => x.name)

/**
 * Section 5 of issue 15 through a real station (anvil, relay, index, HTTP API): the super account suspends a
 * stolen EV's account, and the relay refuses its requests before any gas while serving every other device;
 * and an approval that names another request than the one its id now holds (what a fork that reorders
 * requests does) is refused with a sentence saying what the id holds.
 */
describe('suspension and swap terms through a station', () => {
  let chain: TestChain
  let server: StartStationServerReturnType
  let ev1: LocalAccount
  let ev2: LocalAccount
  let station: LocalAccount
  const ids = { ev1: 0, ev2: 0, stationA: 0, stationB: 0 }

  const post = async (path: string, body: unknown) => {
    const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    return { status: res.status, body: (await res.json()) as Json }
  }
  const get = async (path: string) => (await (await fetch(server.url + path)).json()) as Json
  const relay = async (account: LocalAccount, call: EvswapCall) => post('/api/relay?wait=1', await chain.sign(account, call))
  const discharge = (account: LocalAccount, batteryId: number, energyWh: number) => relay(account, dischargeCall(chain.deployment, { batteryId, energyWh, socPermille: 100, duration: 60 }))
  /** What the station's relayer has left: gas spent lowers it. */
  const relayerBalance = () => chain.publicClient.getBalance({ address: chain.wallet(1).account.address })
  const suspend = (account: LocalAccount, suspended: boolean) => chain.send(chain.superWallet, [setSuspendedCall(chain.deployment, { account: account.address, suspended })])
  /** Until the station's index holds `block`: its lists are read from it. */
  const indexed = async (block: bigint) => {
    while (server.index.head() < Number(block)) await new Promise((r) => server.index.events.once('head', r))
  }
  const assertWords = (error: Json, where: string) => {
    const text = `${error.message} ${error.hint}`
    for (const name of ERROR_NAMES) assert.ok(!text.includes(name), `${where}: the error name ${name} reached the user: ${text}`)
    assert.match(error.hint ?? '', /^[A-Z].*\.$/, `${where}: a hint of what to do next: ${text}`)
  }

  before(async () => {
    chain = await startTestChain()
    ;[ev1, ev2, station] = (await chain.registerDevices([
      { role: 'EVOwner', unitId: 1 },
      { role: 'EVOwner', unitId: 2 },
      { role: 'StationOperator', unitId: 1 },
    ])) as [LocalAccount, LocalAccount, LocalAccount]
    await chain.send(chain.superWallet, [grantECoinCall(chain.deployment, { to: ev1.address, amount: 100_000_00n }), grantECoinCall(chain.deployment, { to: ev2.address, amount: 100_000_00n })])
    ids.ev1 = await chain.registerBattery(ev1, 'TOY')
    ids.ev2 = await chain.registerBattery(ev2, 'TOY')
    ids.stationA = await chain.registerBattery(station, 'BYD')
    ids.stationB = await chain.registerBattery(station, 'SUM')
    server = await startTestStation(chain, 1, { batchIntervalMs: 50 })
  })
  after(async () => {
    await server?.close()
    await chain?.stop()
  })

  test('test_relay_RevertWhen_suspendedEv_403_withASentence_noGas_othersServed_restoredServedAgain', async () => {
    // Served before: the relay has seen (and cached as registered) this signer.
    assert.equal((await discharge(ev1, ids.ev1, 20_000)).body.status, 'confirmed')
    const [suspended] = await suspend(ev1, true)

    const spent = await relayerBalance()
    const refused = await discharge(ev1, ids.ev1, 19_000)
    assert.equal(refused.status, 403, JSON.stringify(refused.body))
    assert.equal(refused.body.error.code, 'suspended')
    assert.equal(refused.body.error.message, `The super account has suspended the account ${shortAddress(ev1.address)}, so this station refuses its requests.`)
    assertWords(refused.body.error, 'suspended discharge')
    // Asking for a swap, or moving its E-coin, is refused the same way.
    const { cost } = await quoteSwap(chain.publicClient, chain.deployment, ids.ev1, ids.stationA)
    const swap = await relay(ev1, requestSwapCall(chain.deployment, { evBatteryId: ids.ev1, stationBatteryId: ids.stationA, maxCost: cost }))
    assert.deepEqual([swap.status, swap.body.error?.code], [403, 'suspended'], JSON.stringify(swap.body))
    assert.equal(await relayerBalance(), spent, 'no gas for a suspended account’s requests')

    // Another EV is served meanwhile.
    const other = await discharge(ev2, ids.ev2, 20_000)
    assert.equal(other.body.status, 'confirmed', JSON.stringify(other.body))

    // The account view says so, read from the contract and from the index.
    const account = await get(`/api/accounts/${ev1.address}`)
    assert.deepEqual([account.role, account.unit, account.suspended], ['EVOwner', 1, true])
    assert.equal((await get(`/api/accounts/${ev2.address}`)).suspended, false)
    await indexed(suspended!.blockNumber)
    const listed = (await get('/api/accounts?limit=100')) as Json[]
    assert.equal(listed.find((a) => a.address.toLowerCase() === ev1.address.toLowerCase())?.suspended, true)
    assert.equal(listed.find((a) => a.address.toLowerCase() === ev2.address.toLowerCase())?.suspended, false)

    // Restored: its battery is as it was, and the same request now runs.
    const [restored] = await suspend(ev1, false)
    const again = await discharge(ev1, ids.ev1, 19_000)
    assert.equal(again.body.status, 'confirmed', JSON.stringify(again.body))
    assert.equal((await get(`/api/accounts/${ev1.address}`)).suspended, false)
    await indexed(restored!.blockNumber)
    assert.equal(((await get('/api/accounts?limit=100')) as Json[]).find((a) => a.address.toLowerCase() === ev1.address.toLowerCase())?.suspended, false)
  })

  test('test_relay_RevertWhen_approvalNamesAnotherRequest_422_saysWhatTheIdHoldsNow', async () => {
    const { cost } = await quoteSwap(chain.publicClient, chain.deployment, ids.ev2, ids.stationB)
    const requested = await relay(ev2, requestSwapCall(chain.deployment, { evBatteryId: ids.ev2, stationBatteryId: ids.stationB, maxCost: cost }))
    assert.equal(requested.body.status, 'confirmed', JSON.stringify(requested.body))
    const terms = swapTermsOf(requested.body.events.find((e: Json) => e.event === 'SwapRequested').args)

    // The operator saw, under this id, EV 1's request for battery A (the order of another fork).
    const seenElsewhere = { ...terms, evBatteryId: ids.ev1, stationBatteryId: ids.stationA }
    const spent = await relayerBalance()
    const wrong = await relay(station, approveSwapCall(chain.deployment, seenElsewhere))
    assert.equal(wrong.status, 422, JSON.stringify(wrong.body))
    assert.equal(wrong.body.error.reason, 'BatteryInterfaceSwapTermsMismatch')
    assert.match(wrong.body.error.message, new RegExp(`^Swap ${terms.swapId} is not the request you decided on: on the chain it now swaps battery ${ids.ev2} for battery ${ids.stationB}, `))
    assertWords(wrong.body.error, 'terms mismatch')
    assert.equal(await relayerBalance(), spent, 'refused before any gas')
    assert.equal((await getSwap(chain.publicClient, chain.deployment, terms.swapId))!.status, 'Pending')

    const right = await relay(station, approveSwapCall(chain.deployment, terms))
    assert.equal(right.body.status, 'confirmed', JSON.stringify(right.body))
    assert.equal((await getSwap(chain.publicClient, chain.deployment, terms.swapId))!.status, 'Approved')
  })
})
