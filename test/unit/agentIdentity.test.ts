// The device agent's identity stage (src/thin/agent/createDeviceIdentity.ts) with the pin stage, against a real
// station on anvil: who the device is on chain (role, unit, balance, proven) and which deployment it talks to.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import type { LocalAccount } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { evUnit } from '../../src/sdk/units.js'
import { createDeviceIdentity } from '../../src/thin/agent/createDeviceIdentity.js'
import { createChainPin } from '../../src/thin/agent/createChainPin.js'
import { createStationClient } from '../../src/thin/agent/createStationClient.js'
import { createPinnedProvenReader } from '../../src/thin/verify/createPinnedProvenReader.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { startTestStation } from '../helpers/testStation.js'

let chain: TestChain
let server: Awaited<ReturnType<typeof startTestStation>>
let ev: LocalAccount
let dirs: string

before(async () => {
  dirs = mkdtempSync(join(tmpdir(), 'evswap-identity-'))
  chain = await startTestChain()
  ;[ev] = (await chain.registerDevices([{ role: 'EVOwner', unitId: 7 }])) as [LocalAccount]
  await chain.send(chain.superWallet, [grantECoinCall(chain.deployment, { to: ev.address, amount: 1500n })])
  server = await startTestStation(chain)
})
after(async () => {
  await server?.close()
  await chain?.stop()
  rmSync(dirs, { recursive: true, force: true })
})

/** An identity for `address` on a new device folder, with its log lines and how often it was told the account was read. */
function identityOf(address: LocalAccount['address']) {
  const lines: string[] = []
  const seen = { refreshed: 0 }
  const pin = createChainPin({ dir: mkdtempSync(join(dirs, 'device-')), log: (l) => lines.push(l) })
  const station = createStationClient([server.url], { vet: pin.vet })
  // The account is proven against the station's headers, as the agent does it; a new device pins first.
  const prover = createPinnedProvenReader({ station, pinned: pin.pinned })
  const identity = createDeviceIdentity({ address, station, pin, prover, log: (l) => lines.push(l), onRefreshed: () => void seen.refreshed++ })
  return { identity, lines, seen }
}

test('test_deployment_beforeLoad_throwsNotStarted', () => {
  const { identity } = identityOf(ev.address)
  assert.throws(() => identity.deployment(), /has not started/)
  assert.deepEqual(identity.current(), { address: ev.address, role: 'None', unit: 0, balance: 0n, isSuper: false, suspended: false })
})

test('test_load_registeredEv_readsDeploymentRoleUnitAndBalance', async () => {
  const { identity, lines, seen } = identityOf(ev.address)
  await identity.load()
  assert.equal(identity.deployment().forwarder.toLowerCase(), chain.deployment.forwarder.toLowerCase())
  assert.deepEqual(identity.current(), { address: ev.address, role: 'EVOwner', unit: evUnit(7), balance: 1500n, isSuper: false, suspended: false })
  assert.equal(seen.refreshed, 1)
  assert.match(lines.join('\n'), new RegExp(`device ${ev.address} is EV 7; station ${server.url}`))
})

test('test_refresh_afterAGrant_seesTheNewBalance', async () => {
  const { identity, seen } = identityOf(ev.address)
  await identity.load()
  await chain.send(chain.superWallet, [grantECoinCall(chain.deployment, { to: ev.address, amount: 100n })])
  await identity.refresh()
  assert.equal(identity.current().balance, 1600n)
  assert.equal(seen.refreshed, 2)
})

test('test_load_unregisteredKey_roleNoneAndSaysSo', async () => {
  const stranger = privateKeyToAccount(generatePrivateKey())
  const { identity, lines } = identityOf(stranger.address)
  await identity.load()
  assert.equal(identity.current().role, 'None')
  assert.equal(identity.current().unit, 0)
  assert.match(lines.join('\n'), /is NOT registered/)
})

test('test_load_superAccount_isSuper', async () => {
  const { identity, lines } = identityOf(chain.superAccount.address)
  await identity.load()
  assert.equal(identity.current().isSuper, true)
  assert.match(lines.join('\n'), /is the super account/)
})
