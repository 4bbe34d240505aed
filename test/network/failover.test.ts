// Several stations, one chain, and no single point of failure for a device (issue: geth Clique nodes as
// rich clients, thin-client failover). Real geth processes, real station processes (`evswap station
// --network`), device agents on real USB folders. Under a steady load of device requests one station is
// killed with SIGKILL (its node and its rich client): blocks keep coming, its devices fail over, every
// request applies exactly once, and the killed node restarts and catches up.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPublicClient, createWalletClient, http, type Hex, type PublicClient } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { initNetwork, readDeployerKey, startNetwork, stopNetwork, startNode, stopNode, waitForConvergence, gethRpc, pickPortBases, type EvswapNetwork } from '../../src/network/index.js'
import { deployEvswap } from '../../src/sdk/deployEvswap.js'
import { sendCall } from '../../src/sdk/sendCall.js'
import { registerEVOwnerCall } from '../../src/sdk/calls/registerEVOwnerCall.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { getForwarderNonce } from '../../src/sdk/reads/getForwarderNonce.js'
import { getBattery } from '../../src/sdk/reads/getBattery.js'
import { signForwardRequest } from '../../src/sdk/forwarder/signForwardRequest.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import { startDevice, type StartedDevice } from '../../src/thin/startDevice.js'
import { writeBatteryFile } from '../../src/thin/usb/writeBatteryFile.js'
import { BATTERY_FILE_NAME } from '../../src/thin/usb/batteryRecord.js'
import { demoBattery } from '../../src/rich/demoBatteries.js'

const root = new URL('../..', import.meta.url).pathname
const STATIONS = 4
const DEVICES = 8
const OPS = 6
let dir: string
let net: EvswapNetwork
let deployment: Deployment
let client: PublicClient
const stationProcs = new Map<number, ChildProcess>()
const stationUrls: string[] = []
const devices: StartedDevice[] = []
// What the devices and stations said, printed when an assertion fails: a failure on a loaded CI machine
// cannot be re-run by hand, so the test carries its own evidence.
const transcript: string[] = []
const t0 = Date.now()
const note = (who: string, line: string) => void transcript.push(`${((Date.now() - t0) / 1000).toFixed(1).padStart(7)}s ${who}: ${line.trimEnd()}`)

function startStationProcess(i: number): Promise<ChildProcess> {
  const p = spawn(
    process.execPath,
    [join(root, 'dist/cli/main.js'), 'station', '--network', net.dir, '--index', String(i), '--port', stationUrls[i - 1]!.split(':').pop()!, '--dir', join(dir, `station-app-${i}`), '--super', deployment.superAccount, ...stationUrls.filter((_, k) => k !== i - 1).flatMap((u) => ['--peer', u])],
    { env: { ...process.env, EVSWAP_PASSPHRASE: 'failover-test' }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  return new Promise((res, rej) => {
    let out = ''
    const onData = (c: Buffer) => {
      out += c.toString()
      if (out.includes('GUI http')) res(p)
    }
    p.stdout!.on('data', onData)
    p.stderr!.on('data', (c: Buffer) => (out += c.toString()))
    for (const s of [p.stdout!, p.stderr!]) s.on('data', (c: Buffer) => c.toString().split('\n').filter(Boolean).forEach((l) => note(`station ${i}`, l)))
    p.once('exit', (code) => rej(new Error(`station ${i} exited with ${code}:\n${out}`)))
  })
}

before(async () => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' })
  dir = mkdtempSync(join(tmpdir(), 'evswap-failover-'))
  // Geth's four bases, and one more for the stations' APIs (station i on api + i).
  const { bases, extra } = await pickPortBases(STATIONS, { extra: 1 })
  const api = extra[0]!
  net = await initNetwork({ stations: STATIONS, dir: join(dir, 'network'), ports: bases })
  await startNetwork(net)
  const transport = http(net.stations[0]!.httpUrl)
  client = createPublicClient({ transport, pollingInterval: 250 }) as PublicClient
  const deployer = createWalletClient({ account: privateKeyToAccount(await readDeployerKey(net)), transport })
  // The deployer doubles as the super account here: it holds Ether, so it registers devices directly.
  deployment = await deployEvswap({ publicClient: client, walletClient: deployer, superAccount: deployer.account.address, recordPath: join(net.dir, 'deployment.json') })
  for (let i = 1; i <= STATIONS; i++) stationUrls.push(`http://127.0.0.1:${api + i}`)
  for (let i = 1; i <= STATIONS; i++) stationProcs.set(i, await startStationProcess(i))

  // Devices: two per station, each with its home station first and the others after it.
  const nonce0 = await client.getTransactionCount({ address: deployer.account.address, blockTag: 'pending' })
  const keys = Array.from({ length: DEVICES }, () => generatePrivateKey())
  const hashes = await Promise.all(
    keys.map((k, d) => sendCall(deployer, registerEVOwnerCall(deployment, { account: privateKeyToAccount(k).address, evId: 100 + d }), { nonce: nonce0 + d })),
  )
  for (const h of hashes) assert.equal((await client.waitForTransactionReceipt({ hash: h })).status, 'success')
  for (let d = 0; d < DEVICES; d++) {
    const home = d % STATIONS
    const order = [...stationUrls.slice(home), ...stationUrls.slice(0, home)]
    const usb = join(dir, `ev-${d}`, 'usb')
    mkdirSync(join(usb, 'B'), { recursive: true })
    writeBatteryFile(join(usb, 'B', BATTERY_FILE_NAME), demoBattery('NIO', { kWh: 50, socPercent: 80, price: 5000, year: 2026, month: 1 }))
    devices.push(await startDevice({ dir: join(dir, `ev-${d}`), slots: [usb], stations: order, account: privateKeyToAccount(keys[d]!), log: (l) => note(`device ${d}`, l) }))
  }
  await Promise.all(devices.map((dev) => dev.agent.drain()))
})

after(async () => {
  for (const dev of devices) await dev.stop().catch(() => {})
  for (const p of stationProcs.values()) p.kill('SIGKILL')
  if (net) await stopNetwork(net, { timeoutMs: 5000 }).catch(() => {})
  rmSync(dir, { recursive: true, force: true })
})

test('4 stations share one chain: a battery registered through station 1 is visible through station 4', async () => {
  const head = await waitForConvergence(net.stations, { timeoutMs: 60_000 })
  assert.ok(head.number > 0n)
  const d0 = devices[0]!.agent // home station 1
  const id = d0.batteries()[0]!.batteryId!
  const res = await fetch(`${stationUrls[3]}/api/batteries/${id}`)
  assert.equal(res.status, 200)
  const b = (await res.json()) as { dynamicInfo: { owner: string } }
  assert.equal(b.dynamicInfo.owner.toLowerCase(), d0.address.toLowerCase())
})

/**
 * Runs a test body with a time limit; when it fails or runs out of time, prints what the devices and
 * stations said during it. (A halted chain would otherwise hold the test until the requests' deadlines.)
 */
function withTranscript(timeoutMs: number, fn: () => Promise<void>): () => Promise<void> {
  return async () => {
    const from = transcript.length
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([fn(), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no result after ${timeoutMs / 1000} s`)), timeoutMs)))])
    } catch (e) {
      const lines = transcript.slice(from)
      process.stderr.write(`--- transcript of the failed test (${lines.length} lines, the last 600 shown)\n${lines.slice(-600).join('\n')}\n---\n`)
      throw e
    } finally {
      clearTimeout(timer)
    }
  }
}

test('kill -9 one station under load: blocks keep coming, its devices fail over, every request applies exactly once', withTranscript(300_000, async () => {
  const victim = 2
  const victimDevices = devices.filter((_, d) => d % STATIONS === victim - 1)
  const before = await Promise.all(devices.map(async (dev) => ({
    nonce: await getForwarderNonce(client, deployment, dev.agent.address),
    count: (await getBattery(client, deployment, dev.agent.batteries()[0]!.batteryId!))!.dynamicInfo.dischargingCount,
  })))
  const load = devices.map(async (dev) => {
    const id = dev.agent.batteries()[0]!.batteryId!
    const results = []
    for (let k = 0; k < OPS; k++) {
      const b = (await getBattery(client, deployment, id))!
      results.push(await dev.agent.operate(dischargeCall(deployment, { batteryId: id, energyWh: b.dynamicInfo.energyWh, socPermille: b.dynamicInfo.socPermille, duration: 1 }), { batteryId: id }))
    }
    return results
  })
  // Once every device has had an operation confirmed, take station 2 down hard: rich client and node.
  await Promise.race([Promise.all(devices.map((dev) => new Promise<void>((res) => dev.agent.events.on('state', async function f() {
    if ((await getForwarderNonce(client, deployment, dev.agent.address)) > before[devices.indexOf(dev)]!.nonce) {
      dev.agent.events.off('state', f)
      res()
    }
  })))), Promise.all(load)])
  stationProcs.get(victim)!.kill('SIGKILL')
  await stopNode(net, victim, { force: true })
  const headAtKill = BigInt(await gethRpc<Hex>(net.stations[0]!.httpUrl, 'eth_blockNumber'))

  const results = await Promise.all(load)
  for (const [d, dev] of devices.entries()) {
    const id = dev.agent.batteries()[0]!.batteryId!
    const after = (await getBattery(client, deployment, id))!.dynamicInfo.dischargingCount
    const outcomes = results[d]!.map((r) => `${r.status}${r.error ? ` (${r.error})` : ''} in ${r.latencyMs} ms`).join('; ')
    assert.equal(after - before[d]!.count, OPS, `device ${d}: ${OPS} discharges asked, ${after - before[d]!.count} applied: ${outcomes}`)
    assert.equal(await getForwarderNonce(client, deployment, dev.agent.address), before[d]!.nonce + BigInt(OPS), `device ${d}: each request used exactly one nonce`)
    assert.equal(results[d]!.length, OPS, 'every operation resolved')
  }
  for (const dev of victimDevices) assert.notEqual(dev.agent.station.current(), stationUrls[victim - 1], 'the victim station\'s devices moved on')
  const headNow = BigInt(await gethRpc<Hex>(net.stations[0]!.httpUrl, 'eth_blockNumber'))
  assert.ok(headNow > headAtKill, 'blocks keep coming with 3 of 4 signers')

  await startNode(net, victim, { timeoutMs: 60_000 })
  const agreed = await waitForConvergence(net.stations, { atLeast: headNow, timeoutMs: 90_000 })
  assert.ok(agreed.number >= headNow, 'the restarted node caught up to the same head')
}))

test('a request signed by an unregistered account is refused by every station, at no gas cost', async () => {
  const stranger = privateKeyToAccount(generatePrivateKey())
  // The station the failover test killed is gone; every other one is asked.
  const live = [...stationProcs.entries()].filter(([, p]) => p.exitCode === null && p.signalCode === null).map(([i]) => i)
  assert.ok(live.length >= STATIONS - 1, `at least ${STATIONS - 1} stations still run (${live.join(', ')})`)
  const relayers = live.map((i) => net.stations[i - 1]!.relayer.address)
  const balances = await Promise.all(relayers.map((address) => client.getBalance({ address })))
  const signed = await signForwardRequest({
    account: stranger,
    deployment,
    call: dischargeCall(deployment, { batteryId: 1, energyWh: 0, socPermille: 0, duration: 1 }),
    nonce: 0n,
    deadline: Math.floor(Date.now() / 1000) + 600,
  })
  for (const i of live) {
    const res = await fetch(`${stationUrls[i - 1]}/api/relay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(signed) })
    assert.equal(res.status, 403, `station ${i}`)
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unregistered', `station ${i}`)
  }
  for (const [k, address] of relayers.entries()) assert.equal(await client.getBalance({ address }), balances[k], `station ${live[k]}'s relayer paid no gas`)
})
