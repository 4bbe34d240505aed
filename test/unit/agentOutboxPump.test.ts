// The device agent's outbox pump and signer (src/thin/agent/createOutboxPump.ts, createRequestSigner.ts) alone,
// against a real station on anvil: operations signed with the device's key, durable in a real outbox,
// relayed, and settled from the chain; no USB, no checker, no event stream (fakes count what they are told).
import assert from 'node:assert/strict'
import { EventEmitter } from 'node:events'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { toHex, type LocalAccount } from 'viem'
import { registerBatteryCall } from '../../src/sdk/calls/registerBatteryCall.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { createDeviceIdentity } from '../../src/thin/agent/createDeviceIdentity.js'
import { createChainPin } from '../../src/thin/agent/createChainPin.js'
import { createOutboxPump, type OutboxPump } from '../../src/thin/agent/createOutboxPump.js'
import { createOutcomeProver } from '../../src/thin/verify/createOutcomeProver.js'
import { provenReads } from '../helpers/provenReads.js'
import { createRequestSigner } from '../../src/thin/agent/createRequestSigner.js'
import { createStationClient, type StationClient } from '../../src/thin/agent/createStationClient.js'
import type { SettledOperation } from '../../src/thin/agent/OutboxPayload.js'
import { openOutbox, type Outbox } from '../../src/thin/outbox/openOutbox.js'
import { startTestChain, testBattery, type TestChain } from '../helpers/chain.js'
import { startTestStation } from '../helpers/testStation.js'

let chain: TestChain
let server: Awaited<ReturnType<typeof startTestStation>>
let ev: LocalAccount
let dir: string
let outbox: Outbox
let pump: OutboxPump
/** Every request the pump and signer sent the station, as "METHOD path". */
const asked: string[] = []
const settled: SettledOperation[] = []
let checks = 0

const registration = (tag = toHex(randomBytes(32))) => registerBatteryCall(chain.deployment, { ...testBattery('TOY'), tag })

before(async () => {
  chain = await startTestChain()
  ;[ev] = (await chain.registerDevices([{ role: 'EVOwner', unitId: 7 }])) as [LocalAccount]
  server = await startTestStation(chain)
  dir = mkdtempSync(join(tmpdir(), 'evswap-pump-'))
  const pin = createChainPin({ dir })
  const real = createStationClient([server.url], { vet: pin.vet })
  const station: StationClient = { ...real, request: (method, path, body, o) => (asked.push(`${method} ${path}`), real.request(method, path, body, o)) }
  const reads = await provenReads([server.url])
  const identity = createDeviceIdentity({ address: ev.address, station, pin, prover: reads.prover })
  await identity.load()
  outbox = await openOutbox(join(dir, 'outbox'))
  pump = createOutboxPump({
    outbox,
    station,
    signer: createRequestSigner({ account: ev, station, deployment: identity.deployment, ttlSeconds: 600 }),
    events: new EventEmitter(),
    settle: [async (op) => void settled.push(op)],
    check: async () => void checks++,
    // Proofs come over a link of their own, so `asked` holds only what the pump and signer asked.
    outcomes: createOutcomeProver({ prover: reads.prover, station, deployment: identity.deployment, address: ev.address }),
    lies: reads.lies,
  })
})
after(async () => {
  await pump?.stop()
  await server?.close()
  await chain?.stop()
  rmSync(dir, { recursive: true, force: true })
})

test('test_operate_registration_confirmedWithItsEvents_settledBeforeItLeavesTheOutbox', async () => {
  const r = await pump.operate(registration())
  assert.equal(r.status, 'confirmed', r.error)
  const id = Number(r.events.find((e) => e.event === 'BatteryRegistered')?.args.batteryId)
  assert.ok(id > 0)
  assert.ok(r.blockNumber! > 0 && r.txHash)
  const op = settled.at(-1)!
  assert.equal(op.ok, true)
  assert.equal(op.blockNumber, r.blockNumber)
  assert.equal(op.payload.call.label, 'registerBattery')
  assert.deepEqual(await outbox.list(), [])
  assert.equal((await fetch(`${server.url}/api/batteries/${id}`)).status, 200, 'on chain')
})

test('test_operate_nextRequest_signsAtTheRememberedNonceWithoutAsking', async () => {
  asked.length = 0
  const r = await pump.operate(registration())
  assert.equal(r.status, 'confirmed', r.error)
  assert.deepEqual(asked.filter((p) => p.includes('/api/nonce/')), [])
})

test('test_operate_nonceTakenByAnotherHolderOfTheKey_signsAgainAndConfirms', async () => {
  await chain.forward(ev, registration()) // the same key, not through this pump: the remembered nonce is stale
  asked.length = 0
  const r = await pump.operate(registration())
  assert.equal(r.status, 'confirmed', r.error)
  assert.equal(asked.filter((p) => p === 'POST /api/relay?wait=1').length, 2, 'refused as replayed, then sent again')
  assert.equal(asked.filter((p) => p.includes('/api/nonce/')).length, 1, 'the fresh nonce asked once')
})

test('test_operate_refusedCall_failedWithTheStationsSentence', async () => {
  const r = await pump.operate(dischargeCall(chain.deployment, { batteryId: 999_999, energyWh: 1, socPermille: 1, duration: 1 }), { batteryId: 999_999 })
  assert.equal(r.status, 'failed')
  assert.match(r.error ?? '', /\w/)
  assert.equal(settled.at(-1)!.ok, false)
  assert.deepEqual(await outbox.list(), [])
})

test('test_drain_entryLeftSignedByACrash_isSentSettledAndChecked', async () => {
  const tag = toHex(randomBytes(32))
  const call = registration(tag)
  // What a process that died after signing leaves: the entry with its signed request, never confirmed.
  await outbox.put({ id: 'left-by-crash', kind: call.label, createdAt: 1, payload: { call, signed: await chain.sign(ev, call) } })
  const before = { settled: settled.length, checks }
  await pump.drain()
  assert.deepEqual(await outbox.list(), [])
  assert.equal(settled.length, before.settled + 1)
  assert.equal(settled.at(-1)!.ok, true)
  assert.ok(checks > before.checks, 'drain ends with a check')
  const registered = settled.at(-1)!.events.find((e) => e.event === 'BatteryRegistered')
  assert.equal(registered?.args.tag, tag, 'the resent request registered the battery')
})
