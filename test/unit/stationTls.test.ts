// TLS between devices and stations on real parts: a station serving HTTPS (anvil, relay, index), device agents
// that trust a CA or a pinned certificate, and the refusals a person reads when the trust does not hold.
import assert from 'node:assert/strict'
import { X509Certificate } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, connect, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import type { IncomingMessage } from 'node:http'
import { readTrustFlags } from '../../src/cli/readTrustFlags.js'
import { DeflateLinkSocket } from '../../src/link/DeflateLinkSocket.js'
import { demoBattery } from '../../src/rich/demoBatteries.js'
import type { StartStationServerReturnType } from '../../src/rich/stationServer.js'
import { loadOrCreateDemoTls, type DemoTls } from '../../src/rich/tls/loadOrCreateDemoTls.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { createDeviceAgent, type DeviceAgent } from '../../src/thin/agent/createDeviceAgent.js'
import { createStationClient } from '../../src/thin/agent/createStationClient.js'
import { readSse } from '../../src/thin/agent/readSse.js'
import { eventStreamQuery } from '../../src/thin/agent/eventStreamQuery.js'
import { useCompressedLink } from '../../src/thin/http/openHttpResponse.js'
import type { StationTrust } from '../../src/thin/tls/StationTrust.js'
import { BATTERY_FILE_NAME } from '../../src/thin/usb/batteryRecord.js'
import { readBatteryFile } from '../../src/thin/usb/readBatteryFile.js'
import { writeBatteryFile } from '../../src/thin/usb/writeBatteryFile.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'
import { startTestStation } from '../helpers/testStation.js'
import { ensureBuilt, ROOT } from '../helpers/ensureBuilt.js'
import { freePortRange } from '../helpers/freePort.js'

const CLI = join(ROOT, 'dist/cli/main.js')

let dir: string
let chain: TestChain
/** The station's CA (the demo's, made here) and another CA that signed nothing of this station's. */
let ours: DemoTls
let theirs: DemoTls
let station: StartStationServerReturnType
let plainStation: StartStationServerReturnType
/** What the station served, and how: inside TLS, over the compressed link. */
const served: { url: string; encrypted: boolean; link: boolean }[] = []

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evswap-tls-'))
  ours = await loadOrCreateDemoTls(join(dir, 'ours'), 2)
  theirs = await loadOrCreateDemoTls(join(dir, 'theirs'), 1)
  chain = await startTestChain()
  station = await startTestStation(chain, 1, { tls: ours.stations[0]! })
  station.app.server.on('request', (req: IncomingMessage) => {
    const socket = req.socket as unknown as { encrypted?: boolean }
    served.push({ url: req.url ?? '', encrypted: socket.encrypted === true, link: req.socket instanceof DeflateLinkSocket })
  })
  plainStation = await startTestStation(chain, 2)
})
after(async () => {
  await station?.close()
  await plainStation?.close()
  await chain?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const port = () => new URL(station.url).port
const withCa = (file: string): StationTrust => readTrustFlags(file)!
const caFile = (t: DemoTls) => t.caFile

/** A station client's first answer to GET /api/health, or the sentence it refused with. */
async function health(url: string, trust: StationTrust): Promise<string> {
  const client = createStationClient([url], { trust, timeoutMs: 5_000 })
  try {
    const r = await client.request('GET', '/api/health')
    return `HTTP ${r.status}`
  } catch (e) {
    return (e as { shortMessage?: string }).shortMessage ?? String(e)
  }
}

describe("the demo's local CA", () => {
  test('is made once, reused at restart, and its key is nowhere', async () => {
    const again = await loadOrCreateDemoTls(join(dir, 'ours'), 2)
    assert.equal(ours.created, true)
    assert.equal(again.created, false, 'the second start reads the files')
    assert.equal(again.caPem, ours.caPem)
    assert.deepEqual(again.stations, ours.stations)
    assert.deepEqual(readdirSync(join(dir, 'ours')).sort(), ['ca.pem', 'station1-key.pem', 'station1.pem', 'station2-key.pem', 'station2.pem'], 'no CA key on disk')
    for (const f of ['station1-key.pem', 'station2-key.pem']) assert.equal(statSync(join(dir, 'ours', f)).mode & 0o777, 0o600, f)
    const ca = new X509Certificate(ours.caPem)
    for (const s of ours.stations) {
      const cert = new X509Certificate(s.cert)
      assert.ok(cert.checkIssued(ca) && cert.verify(ca.publicKey), 'the CA signed it')
      assert.equal(cert.checkHost('localhost'), 'localhost')
      assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1')
    }
    assert.ok(new X509Certificate(theirs.stations[0]!.cert).verify(ca.publicKey) === false, 'another demo folder has another CA')
  })

  test('names other hosts when asked, and makes them again (a new CA) when a host is missing from them', async () => {
    const first = await loadOrCreateDemoTls(join(dir, 'hosts'), 1)
    const named = await loadOrCreateDemoTls(join(dir, 'hosts'), 1, ['10.88.0.2', 'station1.evswap.test'])
    assert.equal(named.created, true, 'the first certificates lack the hosts')
    assert.notEqual(named.caPem, first.caPem)
    const cert = new X509Certificate(named.stations[0]!.cert)
    assert.equal(cert.checkIP('10.88.0.2'), '10.88.0.2')
    assert.equal(cert.checkHost('station1.evswap.test'), 'station1.evswap.test')
    assert.equal((await loadOrCreateDemoTls(join(dir, 'hosts'), 1, ['10.88.0.2'])).created, false, 'a subset of the hosts keeps them')
  })
})

describe('a device and a station over TLS', () => {
  let agent: DeviceAgent | undefined
  after(async () => {
    await agent?.stop()
  })

  test("with the station's CA, a battery is registered and discharged, through the link, plain HTTPS and the event stream", async () => {
    const [account] = await chain.registerDevices([{ role: 'EVOwner', unitId: 71 }])
    const slot = join(dir, 'ev', 'usb')
    mkdirSync(join(slot, 'NIO-1'), { recursive: true })
    const file = join(slot, 'NIO-1', BATTERY_FILE_NAME)
    writeBatteryFile(file, demoBattery('NIO', { kWh: 50, socPercent: 80, price: 5000, year: 2026, month: 1 }))
    const trust = withCa(caFile(ours))
    agent = await createDeviceAgent({ dir: join(dir, 'ev'), slots: [slot], stations: [`https://localhost:${port()}`], trust, account: account! })
    await agent.start()
    await agent.drain()
    const registered = readBatteryFile(file)
    assert.ok(registered.ok && registered.battery.batteryId !== null, 'registered over TLS, its id written back')
    const id = registered.battery.batteryId!

    // The event stream, read as the agent reads it, with the same trust: the discharge arrives on it.
    const abort = new AbortController()
    const events: string[] = []
    let opened!: () => void
    let discharged!: () => void
    const open = new Promise<void>((r) => (opened = r))
    const arrived = new Promise<void>((r) => (discharged = r))
    const onEvent = (e: string, data: string) => {
      events.push(`${e} ${data}`)
      if (data.includes('BatteryDischarged')) discharged()
    }
    const stream = readSse(`https://127.0.0.1:${port()}/api/events?${eventStreamQuery(account!.address, 71, [id])}`, onEvent, abort.signal, { trust, onOpen: () => opened() }).catch(() => {})
    await open
    const r = await agent.operate(dischargeCall(agent.deployment(), { batteryId: id, energyWh: 30_000, socPermille: 600, duration: 600 }))
    assert.equal(r.status, 'confirmed', r.error)
    await Promise.race([arrived, new Promise((_, rej) => setTimeout(() => rej(new Error(`no BatteryDischarged on the stream; events: ${events.join('\n')}`)), 20_000).unref())])
    abort.abort()
    await stream

    // A plain (not compressed) HTTPS read lands too.
    useCompressedLink(false)
    try {
      assert.equal((await agent.get<{ id: number }>(`/api/batteries/${id}`)).id, id)
    } finally {
      useCompressedLink(true)
    }
    assert.ok(served.length > 0 && served.every((s) => s.encrypted), 'everything the station served was inside TLS')
    assert.ok(served.some((s) => s.link && s.url.startsWith('/api/relay')), 'the relay was reached over the compressed link')
    assert.ok(served.some((s) => !s.link && s.url.startsWith('/api/batteries/')), 'and a read over plain HTTPS')
    assert.ok(served.some((s) => s.url.startsWith('/api/events')), 'and the event stream')
  })

  test("pinned by its SHA-256 or by its PEM file, the station's own certificate is trusted with no CA", async () => {
    const fingerprint = new X509Certificate(ours.stations[0]!.cert).fingerprint256
    const url = `https://127.0.0.1:${port()}`
    assert.equal(await health(url, readTrustFlags(undefined, [fingerprint.toLowerCase()])!), 'HTTP 200')
    assert.equal(await health(url, readTrustFlags(undefined, [fingerprint.replace(/:/g, '')])!), 'HTTP 200')
    assert.equal(await health(url, readTrustFlags(undefined, [ours.stations[0]!.certFile])!), 'HTTP 200')
  })
})

describe('a device refuses a station it was not told to trust, and says what to fix', () => {
  let forwarder: Server
  let forwarderPort: number
  before(async () => {
    // The station reached at an address its certificate does not name: a TCP forwarder on 127.0.0.2.
    const sockets = new Set<Socket>()
    forwarder = createServer((c) => {
      const u = connect(Number(port()), '127.0.0.1')
      for (const s of [c, u]) sockets.add(s.on('error', () => {}).on('close', () => (c.destroy(), u.destroy())))
      c.pipe(u).pipe(c)
    })
    forwarder.on('close', () => sockets.forEach((s) => s.destroy()))
    await new Promise<void>((r) => forwarder.listen(0, '127.0.0.2', () => r()))
    forwarderPort = (forwarder.address() as { port: number }).port
  })
  after(() => new Promise<void>((r) => forwarder.close(() => r())))

  test('a certificate from another CA', async () => {
    const url = `https://127.0.0.1:${port()}`
    assert.equal(
      await health(url, withCa(caFile(theirs))),
      `station 1 at ${url}: its certificate (issued by "evswap demo CA (this machine only; its key was discarded)") is not signed by the CA in --ca ${caFile(theirs)}; ask the station's operator for their CA, or fix the path`,
    )
  })

  test('a pin of another certificate', async () => {
    const url = `https://127.0.0.1:${port()}`
    const wrong = new X509Certificate(theirs.stations[0]!.cert).fingerprint256
    const actual = new X509Certificate(ours.stations[0]!.cert).fingerprint256
    assert.equal(
      await health(url, readTrustFlags(undefined, [wrong])!),
      `station 1 at ${url}: its certificate (SHA-256 ${actual}) is not the one pinned with --pin ${wrong}; if its operator renewed the certificate, pin the new one (ask them for its SHA-256 or its PEM); otherwise this is not your station`,
    )
  })

  test('a host name the certificate does not name', async () => {
    const url = `https://127.0.0.2:${forwarderPort}`
    assert.equal(
      await health(url, withCa(caFile(ours))),
      `station 1 at ${url}: its certificate is for localhost, 127.0.0.1, 0:0:0:0:0:0:0:1, station1.localhost, not 127.0.0.2; use a station URL with one of those names, or ask the station's operator for a certificate that names 127.0.0.2`,
    )
  })

  test('plain HTTP, whether the URL says http:// or the station answers in clear on https://', async () => {
    const trust = withCa(caFile(ours))
    const plain = plainStation.url
    assert.throws(() => createStationClient([`https://127.0.0.1:${port()}`, plain], { trust }), {
      message: new RegExp(`^station 2 at ${plain}: it is plain http://, and this device speaks only TLS to stations since it was given a CA or a pin; use its https:// URL`),
    })
    const inClear = plain.replace('http:', 'https:')
    assert.equal(
      await health(inClear, trust),
      `station 1 at ${inClear}: it does not speak TLS on port ${new URL(plain).port} (it answered in plain HTTP); ask the station's operator to serve HTTPS (evswap station --tls-cert FILE --tls-key FILE), or fix the port in the URL`,
    )
  })

  test('with a good station after a refused one, the device fails over to it; and the station served the others throughout', async () => {
    const bad = `https://127.0.0.2:${forwarderPort}`
    const good = `https://localhost:${port()}`
    const client = createStationClient([bad, good], { trust: withCa(caFile(ours)), timeoutMs: 5_000 })
    const moves: string[] = []
    client.onFailover((from, to, reason) => moves.push(`${from} -> ${to}: ${reason}`))
    const r = await client.request<{ station: { id: number } }>('GET', '/api/health')
    assert.equal(r.status, 200)
    assert.equal(r.station, good)
    assert.match(moves[0]!, /^https:\/\/127\.0\.0\.2:\d+ -> https:\/\/localhost:\d+: station 1 at https:\/\/127\.0\.0\.2:\d+: its certificate is for localhost/)
    assert.equal(await health(`https://127.0.0.1:${port()}`, withCa(caFile(ours))), 'HTTP 200', 'the station still serves a trusting device')
  })
})

describe('a CLI device (evswap device --pin; --ca runs in keyHygiene and deviceCrash)', () => {
  const env = { ...process.env, EVSWAP_PASSPHRASE: 'tls-test' }
  /** Runs `evswap device` until it says it serves its API (resolves with the process) or exits (rejects with its stderr). */
  function startCliDevice(args: string[]): Promise<ChildProcess> {
    const p = spawn(process.execPath, [CLI, 'device', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    return new Promise((resolve, reject) => {
      p.stdout!.on('data', (c: Buffer) => {
        out += c.toString()
        if (out.includes('local API and GUI')) resolve(p)
      })
      p.stderr!.on('data', (c: Buffer) => void (err += c.toString()))
      p.once('exit', (code) => reject(Object.assign(new Error(err), { code })))
    })
  }
  before(() => ensureBuilt(['src/cli', 'src/thin', 'src/sdk', 'src/rich', 'src/link']))

  test('with the right pin it starts and reports its https station; with a wrong one it stops at start with the sentence, exit 1', async () => {
    const url = `https://127.0.0.1:${port()}`
    const devDir = join(dir, 'cli-device')
    const usb = join(devDir, 'usb')
    mkdirSync(usb, { recursive: true })
    const wrong = new X509Certificate(theirs.stations[0]!.cert).fingerprint256
    const refused = await startCliDevice(['--dir', devDir, '--slot', usb, '--station', url, '--pin', wrong, '--port', String(await freePortRange(1))]).then(
      (p) => (p.kill('SIGKILL'), 'started'),
      (e: Error & { code: number }) => ({ code: e.code, stderr: e.message }),
    )
    assert.equal(typeof refused, 'object', 'a device with a wrong pin must not start')
    const { code, stderr } = refused as { code: number; stderr: string }
    assert.equal(code, 1)
    assert.match(stderr, new RegExp(`^evswap device: station 1 at ${url}: its certificate \\(SHA-256 [0-9A-F:]{95}\\) is not the one pinned with --pin ${wrong}; if its operator renewed`))
    assert.doesNotMatch(stderr, /^\s+at /m, 'no stack')

    const apiPort = await freePortRange(1)
    const device = await startCliDevice(['--dir', devDir, '--slot', usb, '--station', url, '--pin', ours.stations[0]!.certFile, '--port', String(apiPort)])
    try {
      const status = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, [CLI, 'device', 'status', '--dir', devDir, '--port', String(apiPort)], { env }, (e, stdout, stderr) => (e ? reject(new Error(stderr)) : resolve(stdout))),
      )
      assert.match(status, new RegExp(`station ${url}`))
    } finally {
      device.kill('SIGTERM')
      await once(device, 'exit')
    }
  })
})

describe('the trust flags', () => {
  test('a CA file that is not a certificate, or a pin that is not a fingerprint, is a sentence naming it', () => {
    const junk = join(dir, 'junk.pem')
    writeFileSync(junk, 'not a certificate\n')
    assert.throws(() => readTrustFlags(junk), { name: 'UsageError', message: `--ca ${junk} is not a PEM certificate (it should begin with -----BEGIN CERTIFICATE-----); ask the station's operator for their CA's certificate` })
    assert.throws(() => readTrustFlags(join(dir, 'nope.pem')), { name: 'UsageError', message: `--ca ${join(dir, 'nope.pem')} does not exist; check the path` })
    assert.throws(() => readTrustFlags(undefined, ['AB:CD']), { name: 'UsageError', message: '--pin AB:CD is not a SHA-256 fingerprint (64 hex digits, colons allowed; it has 4); copy it again, or give the certificate\'s PEM file' })
  })
})
