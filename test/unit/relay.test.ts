import { strict as assert } from 'node:assert'
import { after, before, describe, test } from 'node:test'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import type { LocalAccount } from 'viem'
import { createRelay, type Relay } from '../../src/rich/relay/createRelay.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { requestSwapCall } from '../../src/sdk/calls/requestSwapCall.js'
import { approveSwapCall } from '../../src/sdk/calls/approveSwapCall.js'
import { swapTermsOf } from '../../src/sdk/calls/swapTermsOf.js'
import { cancelSwapCall } from '../../src/sdk/calls/cancelSwapCall.js'
import { quoteSwap } from '../../src/sdk/reads/quoteSwap.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'

describe('relay', () => {
  let chain: TestChain
  let relay: Relay
  let ev: LocalAccount
  let ev2: LocalAccount
  let station: LocalAccount
  let evBattery: number
  let stationBattery: number
  let ev2Battery: number
  const balance = () => chain.publicClient.getBalance({ address: relay.relayer })

  before(async () => {
    chain = await startTestChain()
    const devices = await chain.registerDevices([
      { role: 'EVOwner', unitId: 1 },
      { role: 'EVOwner', unitId: 2 },
      { role: 'StationOperator', unitId: 1 },
    ])
    ;[ev, ev2, station] = devices as [LocalAccount, LocalAccount, LocalAccount]
    ;[evBattery, ev2Battery, stationBattery] = await Promise.all([chain.registerBattery(ev), chain.registerBattery(ev2), chain.registerBattery(station)])
    relay = createRelay({ publicClient: chain.publicClient, walletClient: chain.wallet(1), deployment: chain.deployment, batchIntervalMs: 100 })
  })
  after(async () => {
    await relay?.close()
    await chain?.stop()
  })

  const discharge = (batteryId: number, energyWh: number) => dischargeCall(chain.deployment, { batteryId, energyWh, socPermille: Math.round(energyWh / 60), duration: 600 })

  test('test_submit_dischargeByDeviceWithoutEther_confirmedWithEvents', async () => {
    assert.equal(await chain.publicClient.getBalance({ address: ev.address }), 0n)
    const signed = await chain.sign(ev, discharge(evBattery, 50_000))
    const r = await relay.submit(signed)
    assert.ok(r.accepted, show(r))
    assert.equal(r.id, `${ev.address.toLowerCase()}-${signed.nonce}`)
    assert.ok(['queued', 'sent'].includes(relay.status(r.id)!.status))
    const s = await relay.waitFor(r.id, 20_000)
    assert.equal(s?.status, 'confirmed', show(s))
    assert.equal(s.success, true)
    assert.match(s.txHash!, /^0x[0-9a-f]{64}$/)
    assert.ok(s.blockNumber! > 0)
    const discharged = s.events!.find((e) => e.event === 'BatteryDischarged')
    assert.ok(discharged, `events: ${s.events!.map((e) => e.event).join(', ')}`)
    assert.equal(discharged.args.batteryId, evBattery)
    assert.equal(discharged.args.energyWh, 50_000)
    // The forwarder's own event closes the request and is not one of its events.
    assert.ok(!s.events!.some((e) => e.event === 'ExecutedForwardRequest'))
  })

  test('test_submit_RevertWhen_replayedAfterConfirm', async () => {
    const signed = await chain.sign(ev, discharge(evBattery, 49_000))
    const r = await relay.submit(signed)
    assert.ok(r.accepted)
    assert.equal((await relay.waitFor(r.id, 20_000))?.status, 'confirmed')
    const before = await balance()
    const again = await relay.submit(signed)
    assert.ok(!again.accepted)
    assert.equal(again.refusal.status, 409)
    assert.equal(again.refusal.code, 'replayed')
    assert.equal(await balance(), before)
  })

  test('test_submit_RevertWhen_duplicateWhileQueued', async () => {
    const signed = await chain.sign(ev2, discharge(ev2Battery, 59_000))
    const [a, b] = await Promise.all([relay.submit(signed), relay.submit(signed)])
    const accepted = [a, b].filter((x) => x.accepted)
    const refused = [a, b].flatMap((x) => (x.accepted ? [] : [x.refusal]))
    assert.equal(accepted.length, 1)
    assert.equal(refused[0]?.code, 'duplicate')
    assert.equal(refused[0]?.status, 409)
    assert.equal((await relay.waitFor(accepted[0]!.id as string, 20_000))?.status, 'confirmed')
  })

  test('test_submit_RevertWhen_refused_costsNoGas', async (t) => {
    const before = await balance()
    const refuse = async (body: unknown) => {
      const r = await relay.submit(body)
      assert.ok(!r.accepted, 'expected a refusal')
      return r.refusal
    }
    await t.test('forged signature → 401 bad_signature', async () => {
      const signed = await chain.sign(ev, discharge(evBattery, 48_000))
      const forged = await chain.sign(privateKeyToAccount(generatePrivateKey()), discharge(evBattery, 48_000))
      const r = await refuse({ ...signed, signature: forged.signature })
      assert.equal(r.status, 401)
      assert.equal(r.code, 'bad_signature')
      // a tampered call under a genuine signature is forged too
      const tampered = await refuse({ ...signed, data: discharge(evBattery, 1).data })
      assert.equal(tampered.code, 'bad_signature')
    })
    await t.test('expired deadline → 400 expired', async () => {
      const r = await refuse(await chain.sign(ev, discharge(evBattery, 48_000), { deadline: Math.floor(Date.now() / 1000) - 5 }))
      assert.equal(r.status, 400)
      assert.equal(r.code, 'expired')
      assert.equal(r.field, 'deadline')
    })
    await t.test('wrong chain id → 400 wrong_chain', async () => {
      const r = await refuse(await chain.sign(ev, discharge(evBattery, 48_000), { chainId: 1 }))
      assert.equal(r.status, 400)
      assert.equal(r.code, 'wrong_chain')
      assert.equal(r.field, 'chainId')
    })
    await t.test('nonce ahead → 409 nonce_ahead', async () => {
      const r = await refuse(await chain.sign(ev, discharge(evBattery, 48_000), { nonce: 99n }))
      assert.equal(r.status, 409)
      assert.equal(r.code, 'nonce_ahead')
    })
    await t.test('unregistered signer → 403 unregistered', async () => {
      const r = await refuse(await chain.sign(privateKeyToAccount(generatePrivateKey()), discharge(evBattery, 48_000)))
      assert.equal(r.status, 403)
      assert.equal(r.code, 'unregistered')
    })
    await t.test("would revert (someone else's battery) → 422 naming the contract error", async () => {
      const r = await refuse(await chain.sign(ev, discharge(stationBattery, 10_000)))
      assert.equal(r.status, 422)
      assert.equal(r.code, 'would_revert')
      assert.equal(r.reason, 'BatteryInterfaceNotYourBattery')
      assert.equal(r.message, `Battery ${stationBattery} belongs to station 1, not to EV 1.`)
    })
    await t.test('value, target → 400 naming the field', async () => {
      const signed = await chain.sign(ev, discharge(evBattery, 48_000))
      assert.deepEqual(pick(await refuse({ ...signed, value: '1' })), { status: 400, code: 'bad_value', field: 'value' })
      assert.deepEqual(pick(await refuse({ ...signed, to: chain.deployment.forwarder })), { status: 400, code: 'bad_target', field: 'to' })
    })
    await t.test('malformed fields → 400 bad_request naming the field', async () => {
      const signed = await chain.sign(ev, discharge(evBattery, 48_000))
      const cases: [Record<string, unknown>, string][] = [
        [{ ...signed, from: '0x1234' }, 'from'],
        [{ ...signed, nonce: '-1' }, 'nonce'],
        [{ ...signed, nonce: 3 }, 'nonce'],
        [{ ...signed, deadline: 1.5 }, 'deadline'],
        [{ ...signed, data: 'hello' }, 'data'],
        [{ ...signed, signature: '0x12' }, 'signature'],
        [{ ...signed, gas: '99999999999' }, 'gas'],
        [{ ...signed, chainId: '31337' }, 'chainId'],
        [Object.fromEntries(Object.entries(signed).filter(([k]) => k !== 'to')), 'to'],
      ]
      for (const [body, field] of cases) {
        const r = await refuse(body)
        assert.deepEqual(pick(r), { status: 400, code: 'bad_request', field }, `${field}: ${show(r)}`)
        assert.match(r.message, new RegExp(field))
      }
      assert.equal((await refuse(null)).code, 'bad_request')
      assert.equal((await refuse('x')).code, 'bad_request')
    })
    assert.equal(await balance(), before, 'refused requests cost the relayer nothing')
  })

  test('test_submit_RevertWhen_flood_rateLimitsOnlyTheFlooder', async () => {
    // A fresh relay so the other tests' requests do not count against the buckets.
    const limited = createRelay({ publicClient: chain.publicClient, walletClient: chain.wallet(2), deployment: chain.deployment, rateLimit: { perSecond: 2, burst: 5 } })
    try {
      const flood = await chain.sign(station, discharge(stationBattery, 59_000))
      const answers = await Promise.all(Array.from({ length: 30 }, () => limited.submit(flood)))
      const codes = answers.map((a) => (a.accepted ? 'queued' : a.refusal.code))
      assert.ok(codes.filter((c) => c === 'rate_limited').length >= 25, codes.join(','))
      const limitedOne = answers.find((a) => !a.accepted && a.refusal.code === 'rate_limited')
      assert.ok(limitedOne && !limitedOne.accepted && limitedOne.refusal.status === 429)
      const other = await limited.submit(await chain.sign(ev2, discharge(ev2Battery, 58_000)))
      assert.ok(other.accepted, show(other))
      const done = await limited.waitFor(other.id, 20_000)
      assert.equal(done?.status, 'confirmed', show(done))
    } finally {
      await limited.close()
    }
  })

  test('test_submit_batchOf20From20Devices_landsInOneOrTwoTransactions', async () => {
    const devices = await chain.registerDevices(Array.from({ length: 20 }, (_, i) => ({ role: 'EVOwner' as const, unitId: 100 + i })))
    const batteries = await Promise.all(devices.map((d) => chain.registerBattery(d)))
    const batcher = createRelay({ publicClient: chain.publicClient, walletClient: chain.wallet(3), deployment: chain.deployment, batchIntervalMs: 1000, maxBatchBytes: 64_000 })
    try {
      const signed = await Promise.all(devices.map((d, i) => chain.sign(d, discharge(batteries[i]!, 40_000))))
      const accepted = await Promise.all(signed.map((s) => batcher.submit(s)))
      const ids = accepted.map((a) => {
        assert.ok(a.accepted, show(a))
        return a.id
      })
      const results = await Promise.all(ids.map((id) => batcher.waitFor(id, 30_000)))
      for (const r of results) assert.equal(r?.status, 'confirmed', show(r))
      const txs = new Set(results.map((r) => r!.txHash))
      assert.ok(txs.size <= 2, `${txs.size} transactions`)
      // each request got its own events, not its neighbours'
      for (const [i, r] of results.entries()) {
        assert.deepEqual(r!.events!.filter((e) => e.event === 'BatteryDischarged').map((e) => e.args.batteryId), [batteries[i]])
      }
      assert.equal(batcher.stats().batches, txs.size)
    } finally {
      await batcher.close()
    }
  })

  test('test_submit_threeFullBatches_sentWithoutWaitingForEachOthersReceipts', async () => {
    // Waiting for each batch's receipt before sending the next would put three batches in three blocks at
    // least; pipelined with consecutive relayer nonces they leave together and land in one or two.
    const devices = await chain.registerDevices(Array.from({ length: 6 }, (_, i) => ({ role: 'EVOwner' as const, unitId: 300 + i })))
    const batteries = await Promise.all(devices.map((d) => chain.registerBattery(d)))
    const signed = await Promise.all(devices.map((d, i) => chain.sign(d, discharge(batteries[i]!, 30_000))))
    const batcher = createRelay({ publicClient: chain.publicClient, walletClient: chain.wallet(3), deployment: chain.deployment, batchMaxSize: 2, batchIntervalMs: 5000 })
    try {
      const accepted = await Promise.all(signed.map((s) => batcher.submit(s)))
      const results = await Promise.all(
        accepted.map((a) => {
          assert.ok(a.accepted, show(a))
          return batcher.waitFor(a.id, 30_000)
        }),
      )
      for (const r of results) assert.equal(r?.status, 'confirmed', show(r))
      assert.equal(new Set(results.map((r) => r!.txHash)).size, 3)
      const blocks = results.map((r) => r!.blockNumber!)
      assert.ok(Math.max(...blocks) - Math.min(...blocks) <= 1, `batches spread over blocks ${blocks.join(', ')}`)
    } finally {
      await batcher.close()
    }
  })

  test('test_batch_conflictingRequests_theLoserFailsWithReason_othersConfirm', async () => {
    // An approval and a cancellation of the same swap each pass simulation alone; in one batch the second
    // reverts, and must not take the first down with it.
    const [evA, st] = await chain.registerDevices([{ role: 'EVOwner', unitId: 400 }, { role: 'StationOperator', unitId: 400 }])
    const [evBat, stBat] = await Promise.all([chain.registerBattery(evA!), chain.registerBattery(st!)])
    await chain.send(chain.superWallet, [grantECoinCall(chain.deployment, { to: evA!.address, amount: 100_000_00n })])
    const { cost } = await quoteSwap(chain.publicClient, chain.deployment, evBat, stBat)
    const asked = await relay.submit(await chain.sign(evA!, requestSwapCall(chain.deployment, { evBatteryId: evBat, stationBatteryId: stBat, maxCost: cost })))
    assert.ok(asked.accepted, show(asked))
    const requested = await relay.waitFor(asked.id, 20_000)
    assert.equal(requested?.status, 'confirmed', show(requested))
    const terms = swapTermsOf(requested.events!.find((e) => e.event === 'SwapRequested')!.args)
    const swapId = terms.swapId

    const batcher = createRelay({ publicClient: chain.publicClient, walletClient: chain.wallet(3), deployment: chain.deployment, batchIntervalMs: 1500 })
    try {
      const approve = await batcher.submit(await chain.sign(st!, approveSwapCall(chain.deployment, terms)))
      const cancel = await batcher.submit(await chain.sign(evA!, cancelSwapCall(chain.deployment, { swapId })))
      assert.ok(approve.accepted && cancel.accepted, show([approve, cancel]))
      const [a, c] = await Promise.all([batcher.waitFor(approve.id, 20_000), batcher.waitFor(cancel.id, 20_000)])
      assert.equal(a?.txHash, c?.txHash, 'both ran in one batch')
      assert.equal(a?.status, 'confirmed')
      assert.ok(a?.events?.some((e) => e.event === 'SwapApproved'))
      assert.equal(c?.status, 'failed')
      assert.equal(c?.success, false)
      assert.deepEqual(c?.events, [])
      assert.match(c!.error!, new RegExp(`^Swap ${swapId} was already approved\\.`))
    } finally {
      await batcher.close()
    }
  })

  test('test_status_unknownId_undefined', async () => {
    assert.equal(relay.status('0xnobody-0'), undefined)
    assert.equal(await relay.waitFor('0xnobody-0', 10), undefined)
  })
})

function pick(r: { status: number; code: string; field?: string }) {
  return { status: r.status, code: r.code, field: r.field }
}

/** JSON for assertion messages (events carry bigints). */
function show(v: unknown): string {
  return JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x))
}
