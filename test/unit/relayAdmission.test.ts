import { strict as assert } from 'node:assert'
import { after, before, describe, test } from 'node:test'
import type { Hex, LocalAccount } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { createAdmission, type Admission } from '../../src/rich/relay/createAdmission.js'
import { createChainIdReader } from '../../src/rich/relay/createChainIdReader.js'
import type { RelayEntry } from '../../src/rich/relay/RelayEntry.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'

// Admission alone, against a real anvil with the contracts: no queue, sender or finality behind it, only
// fakes that record what it hands on. Nothing is sent, so the chain's nonces stay where they are.
describe('relay stage: admission', () => {
  let chain: TestChain
  let ev: LocalAccount
  let station: LocalAccount
  let evBattery: number
  let stationBattery: number

  before(async () => {
    chain = await startTestChain()
    ;[ev, station] = (await chain.registerDevices([
      { role: 'EVOwner', unitId: 1 },
      { role: 'StationOperator', unitId: 1 },
    ])) as [LocalAccount, LocalAccount]
    ;[evBattery, stationBattery] = await Promise.all([chain.registerBattery(ev), chain.registerBattery(station)])
  })
  after(() => chain?.stop())

  /** An admission whose queue, book and finality are a list and two maps the test can look into. */
  function harness(o: { held?: Map<string, Hex>; rateLimit?: { perSecond: number; burst: number } } = {}) {
    const live = new Map<string, RelayEntry>()
    const queued: RelayEntry[] = []
    const logs: string[] = []
    const admission: Admission = createAdmission({
      publicClient: chain.publicClient,
      deployment: chain.deployment,
      relayer: chain.wallet(1).account.address,
      chainId: createChainIdReader(chain.publicClient),
      rateLimit: o.rateLimit ?? { perSecond: 10, burst: 20 },
      sourceFailureLimit: { perSecond: 1, burst: 2 },
      book: { live: (id) => live.get(id), track: (e) => live.set(e.id, e) },
      finality: { held: (id) => o.held?.get(id) },
      queue: { push: (e) => queued.push(e) },
      log: (l) => logs.push(l),
    })
    return { admission, live, queued, logs }
  }
  const discharge = (batteryId: number, energyWh: number) => dischargeCall(chain.deployment, { batteryId, energyWh, socPermille: Math.round(energyWh / 60), duration: 600 })

  test('test_submit_goodRequest_trackedAndQueuedAsOneEntry', async () => {
    const { admission, live, queued } = harness()
    const signed = await chain.sign(ev, discharge(evBattery, 50_000))
    const r = await admission.submit(signed)
    assert.ok(r.accepted, JSON.stringify(r))
    assert.equal(r.id, `${ev.address.toLowerCase()}-${signed.nonce}`)
    assert.equal(queued.length, 1)
    const [e] = queued
    assert.equal(live.get(r.id), e)
    assert.equal(e!.request.signature, signed.signature)
    assert.equal(e!.gas, BigInt(signed.gas))
    assert.ok(e!.bytes > 0)
    assert.equal(e!.status.status, 'queued')
    assert.equal(admission.stats().count, 1)
    // The same request again is a duplicate of the live one, and nothing more is queued.
    const again = await admission.submit(signed)
    assert.ok(!again.accepted)
    assert.equal(again.refusal.code, 'duplicate')
    assert.equal(queued.length, 1)
  })

  test('test_submit_RevertWhen_refused_nothingQueued', async () => {
    const { admission, queued } = harness()
    const code = async (body: unknown) => {
      const r = await admission.submit(body)
      return r.accepted ? 'accepted' : r.refusal.code
    }
    const stranger = privateKeyToAccount(generatePrivateKey())
    const signed = await chain.sign(ev, discharge(evBattery, 48_000))
    assert.equal(await code({ ...signed, signature: (await chain.sign(stranger, discharge(evBattery, 48_000))).signature }), 'bad_signature')
    assert.equal(await code(await chain.sign(stranger, discharge(evBattery, 48_000))), 'unregistered')
    assert.equal(await code(await chain.sign(ev, discharge(evBattery, 48_000), { nonce: 99n })), 'nonce_ahead')
    assert.equal(await code(await chain.sign(ev, discharge(evBattery, 48_000), { chainId: 1 })), 'wrong_chain')
    assert.equal(await code({ ...signed, to: chain.deployment.forwarder }), 'bad_target')
    assert.equal(await code({ bad: true }), 'bad_request')
    const theirs = await admission.submit(await chain.sign(ev, discharge(stationBattery, 10_000)))
    assert.ok(!theirs.accepted)
    assert.equal(theirs.refusal.code, 'would_revert')
    assert.equal(theirs.refusal.message, `Battery ${stationBattery} belongs to station 1, not to EV 1.`)
    assert.equal(queued.length, 0)
  })

  test('test_submit_RevertWhen_nonceHeldByFinality_reorgPending_orDuplicateOfTheSameRequest', async () => {
    const signed = await chain.sign(ev, discharge(evBattery, 47_000))
    const id = `${ev.address.toLowerCase()}-${signed.nonce}`
    const other = await chain.sign(ev, discharge(evBattery, 46_000))
    const { admission, queued } = harness({ held: new Map([[id, other.signature]]) })
    const r = await admission.submit(signed)
    assert.ok(!r.accepted)
    assert.equal(r.refusal.code, 'reorg_pending')
    const same = await admission.submit(other)
    assert.ok(!same.accepted)
    assert.equal(same.refusal.code, 'duplicate')
    assert.equal(queued.length, 0)
  })

  test('test_submit_RevertWhen_sourceRepeatsCostlyRefusals_rateLimitedBeforeAnyCheck', async () => {
    const { admission } = harness()
    const stranger = privateKeyToAccount(generatePrivateKey())
    const junk = await chain.sign(stranger, discharge(evBattery, 1))
    const codes: string[] = []
    for (let i = 0; i < 3; i++) {
      const r = await admission.submit(junk, { source: '10.0.0.9' })
      codes.push(r.accepted ? 'accepted' : r.refusal.code)
    }
    assert.deepEqual(codes, ['unregistered', 'unregistered', 'rate_limited'])
    // Another source is not held back by it.
    const fine = await admission.submit(await chain.sign(station, discharge(stationBattery, 40_000)), { source: '10.0.0.10' })
    assert.ok(fine.accepted, JSON.stringify(fine))
  })

  test('test_close_RevertWhen_closed_unavailable', async () => {
    const { admission, queued } = harness()
    admission.close()
    const r = await admission.submit(await chain.sign(ev, discharge(evBattery, 45_000)))
    assert.ok(!r.accepted)
    assert.equal(r.refusal.code, 'unavailable')
    assert.equal(queued.length, 0)
  })
})
