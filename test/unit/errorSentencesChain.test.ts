import { strict as assert } from 'node:assert'
import { after, before, describe, test } from 'node:test'
import type { LocalAccount } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { startStationServer, type StartStationServerReturnType } from '../../src/rich/stationServer.js'
import { balanceProcessAbi } from '../../src/sdk/abi/balanceProcess.js'
import { evswapAbi } from '../../src/sdk/evswapAbi.js'
import { approveSwapCall } from '../../src/sdk/calls/approveSwapCall.js'
import { swapTermsOf } from '../../src/sdk/calls/swapTermsOf.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { requestSwapCall } from '../../src/sdk/calls/requestSwapCall.js'
import { setFeeCall } from '../../src/sdk/calls/setFeeCall.js'
import { setPausedCall } from '../../src/sdk/calls/setPausedCall.js'
import { quoteSwap } from '../../src/sdk/reads/quoteSwap.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { testIndex } from '../helpers/testIndex.js'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field

/** Every custom error name of the contracts: none may reach a person. */
const ERROR_NAMES = evswapAbi.filter((x) => x.type === 'error').map((x) => x.name)
/** Cents as the test expects a person to read them, computed here rather than by the code under test. */
const eCoin = (cents: bigint) => `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')} E-coin`

/**
 * Refusals provoked through a real station (anvil, relay, HTTP API), as a device meets them: each answer's
 * message is a sentence with names and E-coin, its hint says what to do, and `reason` alone keeps the
 * contract error's name.
 */
describe('error sentences on a real chain', () => {
  let chain: TestChain
  let server: StartStationServerReturnType
  let ev1: LocalAccount
  let ev2: LocalAccount
  let station: LocalAccount
  const ids = { ev1: 0, ev1Spare: 0, ev2: 0, stationA: 0, stationB: 0 }

  const post = async (path: string, body: unknown) => {
    const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    return { status: res.status, body: (await res.json()) as Json }
  }
  /** What a device does: POST the signed request and wait for its outcome in the same exchange. */
  const relay = async (account: LocalAccount, call: EvswapCall) => post('/api/relay?wait=1', await chain.sign(account, call))
  const balanceOf = (a: LocalAccount) => chain.publicClient.readContract({ address: chain.deployment.balanceProcess, abi: balanceProcessAbi, functionName: 'balanceOf', args: [a.address] })

  /** A refusal's body is words: no error name, no raw address, a hint that ends the sentence. */
  const assertWords = (error: Json, where: string) => {
    const text = `${error.message} ${error.hint}`
    for (const name of ERROR_NAMES) assert.ok(!text.includes(name), `${where}: the error name ${name} reached the user: ${text}`)
    assert.doesNotMatch(text, /0x[0-9a-fA-F]{40}/, `${where}: a raw address: ${text}`)
    assert.match(error.hint ?? '', /^[A-Z].*\.$/, `${where}: a hint of what to do next: ${text}`)
  }

  before(async () => {
    chain = await startTestChain()
    ;[ev1, ev2, station] = (await chain.registerDevices([
      { role: 'EVOwner', unitId: 1 },
      { role: 'EVOwner', unitId: 2 },
      { role: 'StationOperator', unitId: 1 },
    ])) as [LocalAccount, LocalAccount, LocalAccount]
    // A swap fee, so that a swap costs more than EV 2's 93.17 E-coin whatever the batteries' prices.
    await chain.send(chain.superWallet, [
      grantECoinCall(chain.deployment, { to: ev1.address, amount: 100_000_00n }),
      grantECoinCall(chain.deployment, { to: ev2.address, amount: 93_17n }),
      setFeeCall(chain.deployment, { operation: 'Swap', fee: 500_00n }),
    ])
    ids.ev1 = await chain.registerBattery(ev1, 'TOY')
    ids.ev1Spare = await chain.registerBattery(ev1, 'TOY')
    ids.ev2 = await chain.registerBattery(ev2, 'TOY')
    ids.stationA = await chain.registerBattery(station, 'BYD')
    ids.stationB = await chain.registerBattery(station, 'SUM')
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
  })
  after(async () => {
    await server?.close()
    await chain?.stop()
  })

  test('test_relay_RevertWhen_swapApprovedTwice_saysTheSwapWasAlreadyApproved', async () => {
    const { cost } = await quoteSwap(chain.publicClient, chain.deployment, ids.ev1, ids.stationA)
    const requested = await relay(ev1, requestSwapCall(chain.deployment, { evBatteryId: ids.ev1, stationBatteryId: ids.stationA, maxCost: cost }))
    assert.equal(requested.body.status, 'confirmed', JSON.stringify(requested.body))
    const terms = swapTermsOf(requested.body.events.find((e: Json) => e.event === 'SwapRequested').args)
    const swapId = terms.swapId
    const first = await relay(station, approveSwapCall(chain.deployment, terms))
    assert.equal(first.body.status, 'confirmed', JSON.stringify(first.body))
    // The second tab: the same approval, signed again after the first one ran.
    const second = await relay(station, approveSwapCall(chain.deployment, terms))
    assert.equal(second.status, 422, JSON.stringify(second.body))
    assert.equal(second.body.error.code, 'would_revert')
    assert.equal(second.body.error.reason, 'BatteryInterfaceSwapNotPending')
    assert.equal(second.body.error.message, `Swap ${swapId} was already approved.`)
    assertWords(second.body.error, 'double approve')
  })

  test('test_relay_RevertWhen_notEnoughECoin_saysWhoHasHowMuchInECoin', async () => {
    const { cost } = await quoteSwap(chain.publicClient, chain.deployment, ids.ev2, ids.stationB)
    const balance = await balanceOf(ev2)
    assert.ok(cost > balance, `the swap (${cost}) costs more than EV 2 holds (${balance})`)
    const r = await relay(ev2, requestSwapCall(chain.deployment, { evBatteryId: ids.ev2, stationBatteryId: ids.stationB, maxCost: cost }))
    assert.equal(r.status, 422, JSON.stringify(r.body))
    assert.equal(r.body.error.reason, 'ERC20InsufficientBalance')
    assert.equal(r.body.error.message, `EV 2 has ${eCoin(balance)}, and this needs ${eCoin(cost)}.`)
    assert.equal(balance, 93_17n)
    assertWords(r.body.error, 'insufficient balance')
  })

  test('test_relay_RevertWhen_evOffersItsOwnBatteryAsTheStations_saysItIsTheEvsOwn', async () => {
    const r = await relay(ev1, requestSwapCall(chain.deployment, { evBatteryId: ids.stationA, stationBatteryId: ids.ev1Spare, maxCost: 10n ** 12n }))
    assert.equal(r.status, 422, JSON.stringify(r.body))
    assert.equal(r.body.error.reason, 'BatteryInterfaceNotYourBattery')
    assert.equal(r.body.error.message, `Battery ${ids.ev1Spare} is EV 1’s own, so it cannot be the station battery of a swap.`)
    assertWords(r.body.error, 'own battery')
    // Someone else's battery names its owner instead.
    const other = await relay(ev1, dischargeCall(chain.deployment, { batteryId: ids.stationB, energyWh: 1, socPermille: 1, duration: 1 }))
    assert.equal(other.body.error.message, `Battery ${ids.stationB} belongs to station 1, not to EV 1.`)
    assertWords(other.body.error, "another's battery")
  })

  test('test_relay_RevertWhen_unregisteredOrNotSuper_saysWhoMayAct', async () => {
    const stranger = privateKeyToAccount(generatePrivateKey())
    const r = await relay(stranger, dischargeCall(chain.deployment, { batteryId: ids.ev1Spare, energyWh: 1, socPermille: 1, duration: 1 }))
    assert.deepEqual([r.status, r.body.error.code], [403, 'unregistered'], JSON.stringify(r.body))
    const short = `${stranger.address.slice(0, 6)}…${stranger.address.slice(-4)}`
    assert.equal(r.body.error.message, `The account ${short} is not registered on this network, so it cannot act yet.`)
    assert.match(r.body.error.hint, /super account to register it/)
    assertWords(r.body.error, 'unregistered')
    const grant = await relay(ev1, grantECoinCall(chain.deployment, { to: ev1.address, amount: 1n }))
    assert.equal(grant.body.error.reason, 'BatteryInterfaceNotSuperAccount')
    assert.equal(grant.body.error.message, 'Only the super account can do this, and EV 1 is not it.')
    assertWords(grant.body.error, 'not super')
  })

  test('test_quote_RevertWhen_unknownBattery_saysNoSuchBattery', async () => {
    const res = await fetch(`${server.url}/api/quote?ev=${ids.ev1Spare}&station=9999`)
    const body = (await res.json()) as Json
    assert.equal(res.status, 422)
    assert.equal(body.error.reason, 'BatteryProcessUnknownBattery')
    assert.equal(body.error.message, 'No battery 9999 is registered on this network.')
    assertWords(body.error, 'quote')
  })

  test('test_relay_RevertWhen_paused_saysTheSuperAccountPausedIt', async () => {
    await chain.send(chain.superWallet, [setPausedCall(chain.deployment, { paused: true })])
    try {
      const r = await relay(ev1, dischargeCall(chain.deployment, { batteryId: ids.ev1Spare, energyWh: 50_000, socPermille: 800, duration: 60 }))
      assert.equal(r.status, 422, JSON.stringify(r.body))
      assert.equal(r.body.error.reason, 'BatteryInterfacePaused')
      assert.equal(r.body.error.message, 'The super account has paused the network: no battery operation can run now.')
      assert.equal(r.body.error.hint, 'Wait until the super account resumes it, then try again.')
      assertWords(r.body.error, 'paused')
    } finally {
      await chain.send(chain.superWallet, [setPausedCall(chain.deployment, { paused: false })])
    }
  })
})
