// A device pins the chain it is enrolled on, on real parts: two anvil chains with the same contracts at the same
// addresses, real station servers on each, and device agents on real folders. The first start writes
// <dir>/pinned.json; later starts and every failover check the station's /api/config against it, and a station
// on another chain, or naming another forwarder, is refused with a sentence while the device goes on with a
// good one. The re-pin command is run as a user runs it.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { createPublicClient, createWalletClient, http, parseEther, type Hex, type LocalAccount, type PublicClient } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { startAnvil, type StartAnvilReturnType } from '../../src/rich/node/startAnvil.js'
import { startStationServer, type StartStationServerReturnType } from '../../src/rich/stationServer.js'
import { deployEvswap } from '../../src/sdk/deployEvswap.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { EvswapError } from '../../src/sdk/errors/EvswapError.js'
import { createDeviceAgent, type DeviceAgent } from '../../src/thin/agent/createDeviceAgent.js'
import { startDevice } from '../../src/thin/startDevice.js'
import { createChainPin } from '../../src/thin/agent/createChainPin.js'
import { createStationClient } from '../../src/thin/agent/createStationClient.js'
import { loadPinnedChain } from '../../src/thin/pin/loadPinnedChain.js'
import { writePinnedChain } from '../../src/thin/pin/writePinnedChain.js'
import { assertStationMatchesPin } from '../../src/thin/pin/assertStationMatchesPin.js'
import { readStationConfig } from '../../src/thin/pin/readStationConfig.js'
import { StationRefusedError } from '../../src/thin/pin/StationRefusedError.js'
import { DEV_KEYS, startTestChain, type TestChain } from '../helpers/chain.js'
import { ROOT } from '../helpers/ensureBuilt.js'
import { freePortRange } from '../helpers/freePort.js'
import { testIndex } from '../helpers/testIndex.js'
import { startStubStation } from '../helpers/stubStation.js'

type Station = StartStationServerReturnType

let dir: string
let chainA: TestChain
/** A second anvil chain, same chain id, the same contracts deployed by the same key: the same addresses. */
let chainB: { anvil: StartAnvilReturnType; publicClient: PublicClient; deployment: Deployment }
let genesisA: Hex
let genesisB: Hex
let ev: LocalAccount
let batteryId: number
/** Station 1 on chain A, the good one every device may end on. */
let good: Station
/** A station on chain B. */
let other: Station
/** A station on chain A whose deployment names another forwarder. */
let badForwarder: Station

async function station(publicClient: PublicClient, relayer: number, deployment: Deployment, rpcUrl: string, id: number): Promise<Station> {
  return startStationServer({
    publicClient,
    walletClient: createWalletClient({ account: privateKeyToAccount(DEV_KEYS[relayer]!), transport: http(rpcUrl) }),
    deployment,
    station: { id, name: `Station ${id}`, url: `http://station-${id}.test` },
    peers: [],
    nodeUrls: [rpcUrl],
    logger: false,
    relay: { batchIntervalMs: 100 },
    port: 0,
    handleSignals: false,
    index: await testIndex(),
  })
}

/** A device agent on a folder of `dir`, with its log. */
async function device(name: string, stations: string[]): Promise<{ agent: DeviceAgent; lines: string[]; dir: string }> {
  const lines: string[] = []
  const d = join(dir, name)
  mkdirSync(join(d, 'usb'), { recursive: true })
  const agent = await createDeviceAgent({ dir: d, slots: [join(d, 'usb')], stations, account: ev, log: (l) => lines.push(l) })
  return { agent, lines, dir: d }
}

const pinFile = (d: string) => join(d, 'pinned.json')

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evswap-pin-'))
  chainA = await startTestChain()
  ;[ev] = (await chainA.registerDevices([{ role: 'EVOwner', unitId: 7 }])) as [LocalAccount]
  batteryId = await chainA.registerBattery(ev)
  // Chain B: its deployer funds A's super account first, as startTestChain does, so every nonce and so every
  // contract address is the same as on A.
  const anvil = await startAnvil({ port: await freePortRange(1), stateFile: join(dir, 'chain-b', 'state.json'), blockTime: 0.25 })
  const transport = http(anvil.url)
  const publicClient = createPublicClient({ transport, pollingInterval: 50 }) as PublicClient
  const deployer = createWalletClient({ account: privateKeyToAccount(DEV_KEYS[0]), transport })
  await publicClient.waitForTransactionReceipt({ hash: await deployer.sendTransaction({ account: deployer.account, chain: null, to: chainA.superAccount.address, value: parseEther('100') }) })
  chainB = { anvil, publicClient, deployment: await deployEvswap({ publicClient, walletClient: deployer, superAccount: chainA.superAccount.address, recordPath: join(dir, 'chain-b', 'deployment.json') }) }
  genesisA = (await chainA.publicClient.getBlock({ blockNumber: 0n })).hash
  genesisB = (await publicClient.getBlock({ blockNumber: 0n })).hash
  good = await station(chainA.publicClient, 1, chainA.deployment, chainA.url, 1)
  other = await station(publicClient, 1, chainB.deployment, anvil.url, 2)
  badForwarder = await station(chainA.publicClient, 2, { ...chainA.deployment, forwarder: privateKeyToAccount(generatePrivateKey()).address }, chainA.url, 3)
  // A device enrolled on chain A, whose pin the tests copy into folders of their own.
  const { agent } = await device('enrolled', [good.url])
  await agent.start()
  await agent.stop()
})

after(async () => {
  for (const s of [good, other, badForwarder]) await s?.close()
  await chainB?.anvil.stop()
  await chainA?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('the pinned deployment', { timeout: 180_000 }, () => {
  test('test_twoChains_sameChainIdAndAddresses_differOnlyInGenesis', () => {
    // What makes the refusals below hard: nothing in the deployment tells the two chains apart.
    for (const k of ['chainId', 'forwarder', 'batteryInterface', 'batteryProcess', 'balanceProcess', 'superAccount', 'deployer'] as const) {
      assert.equal(String(chainB.deployment[k]).toLowerCase(), String(chainA.deployment[k]).toLowerCase(), k)
    }
    assert.notEqual(genesisA, genesisB)
  })

  test('test_firstStart_writesPinnedJson_chainGenesisDeploymentCliqueNull', async () => {
    const { agent, lines, dir: d } = await device('ev', [good.url])
    assert.equal(existsSync(pinFile(d)), false)
    await agent.start()
    try {
      const pinned = JSON.parse(readFileSync(pinFile(d), 'utf8'))
      assert.equal(pinned.chainId, 31337)
      assert.equal(pinned.genesisHash, genesisA)
      for (const k of ['forwarder', 'batteryInterface', 'batteryProcess', 'balanceProcess', 'superAccount', 'deployer'] as const) {
        assert.equal(pinned.deployment[k].toLowerCase(), chainA.deployment[k].toLowerCase(), k)
      }
      assert.equal(pinned.clique, null)
      assert.equal(statSync(pinFile(d)).mode & 0o777, 0o600)
      assert.deepEqual(loadPinnedChain(d), pinned)
      // Nothing downstream takes the deployment from a station any more: the identity gives the pin's.
      assert.deepEqual(agent.deployment(), pinned.deployment)
      assert.deepEqual(agent.pinned(), pinned)
      assert.match(lines.join('\n'), new RegExp(`enrolled on chain 31337 \\(genesis ${genesisA.slice(0, 6)}…${genesisA.slice(-4)}\\).*no Clique signers.*from station 1 at ${good.url}`))
    } finally {
      await agent.stop()
    }
  })

  test('test_restart_sameStation_acceptedAndPinUnchanged', async () => {
    const before = readFileSync(pinFile(join(dir, 'enrolled')), 'utf8')
    const { agent, lines } = await device('enrolled', [good.url])
    await agent.start()
    try {
      assert.equal(agent.identity().role, 'EVOwner')
      assert.deepEqual(agent.station.refusals(), [])
      assert.equal(readFileSync(pinFile(join(dir, 'enrolled')), 'utf8'), before)
      assert.doesNotMatch(lines.join('\n'), /enrolled|refused/)
    } finally {
      await agent.stop()
    }
  })

  test('test_stationOnAnotherChain_refusedWithSentence_deviceFailsOverAndKeepsServing', async () => {
    copyFileSync(pinFile(join(dir, 'enrolled')), pinFile(mkdirAndGet(join(dir, 'ev-b'))))
    const port = await freePortRange(1)
    const dev = await startDevice({ dir: join(dir, 'ev-b'), slots: [join(dir, 'ev-b', 'usb')], stations: [other.url, good.url], account: ev, port })
    try {
      const sentence = `station 1 at ${other.url}: its chain's genesis differs from the one this device was enrolled on (${short(genesisB)}, pinned ${short(genesisA)}); this station is on another network — remove it from --station`
      assert.equal(dev.agent.station.current(), good.url)
      const [refusal] = dev.agent.station.refusals()
      assert.equal(refusal?.station, other.url)
      assert.ok(refusal.reason.startsWith(sentence), refusal.reason)
      // The device's local API shows it, for `device status` and the GUI.
      const snapshot = (await (await fetch(`http://127.0.0.1:${port}/api/device`, { headers: { authorization: `Bearer ${dev.token}` } })).json()) as { refusedStations: { station: string; reason: string }[] }
      assert.deepEqual(snapshot.refusedStations, [refusal])
      const status = await evswap(['device', 'status', '--dir', join(dir, 'ev-b'), '--port', String(port)])
      assert.equal(status.code, 0, status.stderr)
      assert.ok(status.stdout.includes(`refused ${sentence}`), status.stdout)
      // And it keeps serving, through the good station.
      const r = await dev.agent.operate(dischargeCall(dev.agent.deployment(), { batteryId, energyWh: 59_000, socPermille: 980, duration: 60 }))
      assert.equal(r.status, 'confirmed', r.error)
    } finally {
      await dev.stop()
    }
  })

  test('test_failoverToAnotherChain_midRun_refusedAndSkippedToTheGoodStation', async () => {
    // Its home station on chain A goes away; the next one is on chain B, the one after it is good.
    const home = await station(chainA.publicClient, 3, chainA.deployment, chainA.url, 4)
    copyFileSync(pinFile(join(dir, 'enrolled')), pinFile(mkdirAndGet(join(dir, 'ev-failover'))))
    const { agent, lines } = await device('ev-failover', [home.url, other.url, good.url])
    await agent.start()
    try {
      assert.equal(agent.station.current(), home.url)
      const moves: string[] = []
      agent.station.onFailover((from, to) => moves.push(`${from} -> ${to}`))
      await home.close()
      const r = await agent.operate(dischargeCall(agent.deployment(), { batteryId, energyWh: 58_000, socPermille: 960, duration: 60 }))
      assert.equal(r.status, 'confirmed', r.error)
      assert.equal(agent.station.current(), good.url)
      assert.deepEqual(agent.station.refusals().map((x) => x.station), [other.url])
      assert.match(agent.station.refusals()[0]!.reason, /^station 2 at .*: its chain's genesis differs/)
      assert.match(lines.join('\n'), new RegExp(`refused station 2 at ${other.url}: its chain's genesis differs`))
      assert.ok(moves.includes(`${home.url} -> ${other.url}`) && moves.includes(`${other.url} -> ${good.url}`), moves.join(', '))
    } finally {
      await agent.stop()
      await home.close()
    }
  })

  test('test_stationNamingAnotherForwarder_refused', async () => {
    copyFileSync(pinFile(join(dir, 'enrolled')), pinFile(mkdirAndGet(join(dir, 'ev-fwd'))))
    const { agent } = await device('ev-fwd', [badForwarder.url, good.url])
    await agent.start()
    try {
      assert.equal(agent.station.current(), good.url)
      const [refusal] = agent.station.refusals()
      assert.match(refusal!.reason, new RegExp(`^station 1 at ${badForwarder.url}: its forwarder is 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}, and this device was enrolled with ${short(chainA.deployment.forwarder)}; this station serves other contracts`))
    } finally {
      await agent.stop()
    }
    // With no other station, the device does not start, and says why.
    const { agent: alone } = await device('ev-fwd', [badForwarder.url])
    await assert.rejects(alone.start(), (e: EvswapError) => {
      assert.equal(e.code, 'STATION_REFUSED')
      assert.match(e.shortMessage, /^station 1 at .*: its forwarder is .* — remove it from --station, or re-enrol this device on purpose with `evswap device --re-pin`/)
      return true
    })
    await alone.stop()
  })

  test('test_stationBusyOrDown_onConfig_failedOverNotRefused', async () => {
    // 429 and 503 on /api/config are a station that cannot answer now, not one on another chain.
    const busy = await startStubStation((req, res) => void res.writeHead(req.url === '/api/config' ? 429 : 200, { 'content-type': 'application/json' }).end('{}'))
    const down = await startStubStation((_req, res) => void res.writeHead(503, { 'content-type': 'application/json' }).end('{}'))
    const d = mkdirAndGet(join(dir, 'ev-busy'))
    copyFileSync(pinFile(join(dir, 'enrolled')), pinFile(d))
    try {
      const client = createStationClient([busy.url, down.url, good.url], { vet: createChainPin({ dir: d }).vet })
      const r = await client.request<{ chainId: number }>('GET', '/api/health')
      assert.equal(r.station, good.url)
      assert.deepEqual(client.refusals(), [])
      // (/api/link: the device's try to upgrade to the compressed link, which this stub does not speak.)
      assert.deepEqual(busy.seen.filter((u) => u !== '/api/link'), ['/api/config'], 'nothing but the config is asked of a station not yet checked')
    } finally {
      await busy.close()
      await down.close()
    }
  })

  test('test_updateSigners_onlyTheSignerSetMoves_forwardOnly', () => {
    const d = mkdirAndGet(join(dir, 'ev-signers'))
    const enrolled = loadPinnedChain(join(dir, 'enrolled'))!
    // On anvil there is no set to follow.
    copyFileSync(pinFile(join(dir, 'enrolled')), pinFile(d))
    assert.throws(() => createChainPin({ dir: d }).updateSigners({ epoch: 30000, signers: [ev.address], signersBlock: 9 }), /no Clique signer set pinned/)
    // A pin as a geth network gives it.
    const [a, b] = [privateKeyToAccount(generatePrivateKey()).address, privateKeyToAccount(generatePrivateKey()).address]
    writePinnedChain(d, { ...enrolled, clique: { epoch: 30000, signers: [a], signersBlock: 10 } })
    const pin = createChainPin({ dir: d })
    pin.updateSigners({ epoch: 30000, signers: [a, b], signersBlock: 40 })
    assert.deepEqual(loadPinnedChain(d), { ...enrolled, clique: { epoch: 30000, signers: [a, b], signersBlock: 40 } })
    assert.deepEqual(pin.pinned().clique?.signers, [a, b])
    assert.equal(statSync(pinFile(d)).mode & 0o777, 0o600)
    assert.throws(() => pin.updateSigners({ epoch: 30000, signers: [a], signersBlock: 39 }), /cannot replace the pinned one at block 40/)
    assert.deepEqual(loadPinnedChain(d)!.deployment, enrolled.deployment)
  })

  test('test_assertStationMatchesPin_eachField_typedErrorNamingIt', async () => {
    const pinned = loadPinnedChain(join(dir, 'enrolled'))!
    const config = readStationConfig(await (await fetch(`${good.url}/api/config`)).json(), 'station 1 at https://a')
    assert.doesNotThrow(() => assertStationMatchesPin(config, pinned, 'station 1 at https://a'))
    const cases: [Partial<typeof config>, string][] = [
      [{ chainId: 5 }, 'chainId'],
      [{ genesisHash: genesisB }, 'genesisHash'],
      [{ deployment: { ...config.deployment, batteryInterface: chainA.superAccount.address } }, 'deployment.batteryInterface'],
      [{ deployment: { ...config.deployment, superAccount: ev.address } }, 'deployment.superAccount'],
    ]
    for (const [change, field] of cases) {
      assert.throws(() => assertStationMatchesPin({ ...config, ...change }, pinned, 'station 2 at https://b'), (e: StationRefusedError) => {
        assert.ok(e instanceof StationRefusedError)
        assert.equal(e.field, field)
        assert.match(e.shortMessage, /^station 2 at https:\/\/b: /)
        return true
      })
    }
    // A station that does not say which chain it is on (an older evswap) cannot be checked: refused too.
    const { genesisHash: _, ...old } = await (await fetch(`${good.url}/api/config`)).json()
    assert.throws(() => readStationConfig(old, 'station 3 at https://c'), /station 3 at https:\/\/c: its \/api\/config does not give its chain's genesis hash/)
  })

  test('test_rePin_cliForgetsThePin_nextStartEnrolsOnTheOtherChain', async () => {
    const d = mkdirAndGet(join(dir, 'ev-repin'))
    copyFileSync(pinFile(join(dir, 'enrolled')), pinFile(d))
    const shown = await evswap(['device', 'pin', '--dir', d])
    assert.equal(shown.code, 0, shown.stderr)
    assert.match(shown.stdout, new RegExp(`chain 31337, genesis ${genesisA}`))
    assert.match(shown.stdout, /no Clique signers/)
    const reset = await evswap(['device', 'pin', '--reset', '--dir', d])
    assert.equal(reset.code, 0, reset.stderr)
    assert.match(reset.stdout, new RegExp(`forgot the pin in .*pinned\\.json \\(chain 31337, genesis ${genesisA}`))
    assert.equal(existsSync(pinFile(d)), false)
    // Enrolled again, on purpose, with the station of chain B.
    const { agent } = await device('ev-repin', [other.url])
    await agent.start()
    await agent.stop()
    assert.equal(loadPinnedChain(d)!.genesisHash, genesisB)
  })

  test('test_rePinFlag_runningDevice_enrolsAgainWithItsFirstStation', async () => {
    const d = mkdirAndGet(join(dir, 'ev-cli'))
    copyFileSync(pinFile(join(dir, 'enrolled')), pinFile(d))
    const port = await freePortRange(1)
    const child = execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'device', '--re-pin', '--dir', d, '--slot', join(d, 'usb'), '--station', other.url, '--port', String(port)], {
      cwd: ROOT,
      env: { ...process.env, EVSWAP_PASSPHRASE: 'pin-test' },
    })
    let out = ''
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (c: Buffer) => {
          out += c.toString()
          if (out.includes('local API and GUI')) resolve()
        })
        child.stderr!.on('data', (c: Buffer) => (out += c.toString()))
        child.once('exit', (code) => reject(new Error(`the device exited with ${code}:\n${out}`)))
      })
      assert.match(out, /--re-pin: forgot the chain this device was enrolled on/)
      assert.match(out, new RegExp(`enrolled on chain 31337 \\(genesis ${short(genesisB)}\\)`))
      assert.equal(loadPinnedChain(d)!.genesisHash, genesisB)
    } finally {
      child.kill('SIGTERM')
    }
  })
})

function mkdirAndGet(d: string): string {
  mkdirSync(join(d, 'usb'), { recursive: true })
  return d
}

function short(hex: string): string {
  return `${hex.slice(0, 6)}…${hex.slice(-4)}`
}

function evswap(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr })
    })
  })
}
