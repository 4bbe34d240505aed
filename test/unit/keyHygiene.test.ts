// Key hygiene of a thin client, on the compiled CLI (`node dist/cli/main.js device`, EVSWAP_PASSPHRASE)
// against a real demo's stations: through start, registration, operations, `device status` and stop,
// - the device's private key (hex with or without 0x, any case, base64, raw bytes) and its passphrase
//   appear in none of its output and in none of the files it wrote;
// - the key file is mode 0600 (only encrypted: Web3 Secret Storage v3), the API token 0600, the folder 0700;
// - the local API answers 401 on every route, SSE included, without the token or with a wrong one.
import assert from 'node:assert/strict'
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { getAddress } from 'viem'
import { startDemo, type Demo } from '../../src/rich/startDemo.js'
import { demoBattery } from '../../src/rich/demoBatteries.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { registerEVOwnerCall } from '../../src/sdk/calls/registerEVOwnerCall.js'
import { decryptKeystore } from '../../src/thin/keystore/decryptKeystore.js'
import { DEVICE_KEY_FILE } from '../../src/thin/keystore/loadOrCreateDeviceKey.js'
import { BATTERY_FILE_NAME } from '../../src/thin/usb/batteryRecord.js'
import { readBatteryFile } from '../../src/thin/usb/readBatteryFile.js'
import { writeBatteryFile } from '../../src/thin/usb/writeBatteryFile.js'
import { ensureBuilt, ROOT } from '../helpers/ensureBuilt.js'
import { freePortRange } from '../helpers/freePort.js'
import { httpJson } from '../helpers/demoParts.js'

const CLI = join(ROOT, 'dist/cli/main.js')
const PASSPHRASE = 'key-hygiene: correct horse battery staple'
const env = { ...process.env, EVSWAP_PASSPHRASE: PASSPHRASE, EVSWAP_PASSPHRASE_FILE: '' }

let demo: Demo
let dir: string
let deviceDir: string
let usb: string
let port: number
let child: ChildProcess | undefined
let exited: Promise<number | null> | undefined
/** Everything the device printed, on stdout and stderr, across every command run here. */
let output = ''

before(async () => {
  await ensureBuilt(['src/cli', 'src/thin', 'src/sdk', 'src/rich'])
  dir = mkdtempSync(join(tmpdir(), 'evswap-keys-'))
  const base = await freePortRange(6)
  port = base + 5
  demo = await startDemo({ dir: join(dir, 'demo'), basePort: base, quiet: true })
  deviceDir = join(dir, 'device')
  usb = join(dir, 'usb')
})
after(async () => {
  child?.kill('SIGKILL')
  await demo?.stop()
  rmSync(dir, { recursive: true, force: true })
})

function runCli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { env, cwd: dir }, (error, stdout, stderr) => {
      output += stdout + stderr
      if (error) reject(new Error(`${args.join(' ')}: ${error.message}\n${stdout}${stderr}`))
      else resolve(stdout)
    })
  })
}

const stations = () => [demo.urls.station1, demo.urls.station2].map((u) => u.split('/#')[0]!)
const url = (path: string) => `http://127.0.0.1:${port}${path}`
const token = () => readFileSync(join(deviceDir, 'api-token'), 'utf8').trim()
const authed = (path: string, body?: unknown) => httpJson(url(path), { ...(body === undefined ? {} : { body }), headers: { authorization: `Bearer ${token()}` } })

/** Every file under `root`, recursively. */
function files(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(root, e.name)) : e.isFile() ? [join(root, e.name)] : []))
}

describe('a device run through start, operations and stop', () => {
  test('test_device_startsRegistersOperates_viaCli', { timeout: 90_000 }, async () => {
    mkdirSync(join(usb, 'KEY-1'), { recursive: true })
    writeBatteryFile(join(usb, 'KEY-1', BATTERY_FILE_NAME), demoBattery('KEY', { kWh: 50, socPercent: 90, price: 5000, year: 2026, month: 3 }))
    // First run makes the key; the super account registers the address it prints.
    const address = getAddress((await runCli(['device', 'address', '--dir', deviceDir])).trim())
    const sup = demo.devices.super.agent
    assert.equal((await sup.operate(registerEVOwnerCall(sup.deployment(), { account: address, evId: 3 }))).status, 'confirmed')
    assert.equal((await sup.operate(grantECoinCall(sup.deployment(), { to: address, amount: 100_00n }))).status, 'confirmed')

    const p = spawn(process.execPath, [CLI, 'device', '--dir', deviceDir, '--slot', usb, ...stations().flatMap((s) => ['--station', s]), '--ca', demo.tls.caFile, '--port', String(port)], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    child = p
    exited = new Promise((res) => p.once('exit', (code) => res(code)))
    p.stdout!.on('data', (c: Buffer) => (output += c.toString()))
    p.stderr!.on('data', (c: Buffer) => (output += c.toString()))
    const t0 = Date.now()
    while (!output.includes('local API and GUI')) {
      assert.ok(Date.now() - t0 < 30_000, `the device did not start:\n${output}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    // Initialization: the battery is registered and its id written back.
    let id: number | null = null
    while (id === null) {
      assert.ok(Date.now() - t0 < 60_000, `no battery id:\n${output}`)
      const r = readBatteryFile(join(usb, 'KEY-1', BATTERY_FILE_NAME))
      id = r.ok ? r.battery.batteryId : null
      if (id === null) await new Promise((res) => setTimeout(res, 200))
    }
    // A few operations through the local API: a discharge, a refused swap, a check, the views.
    const view = await authed('/api/device')
    assert.equal(view.status, 200, view.text)
    const energy = view.body.batteries[0].file.dynamicInfo.energy
    const discharge = await authed('/api/device/discharge', { batteryId: id, energyWh: Math.round(energy * 1000) - 1000, socPermille: 800, duration: 600 })
    assert.equal(discharge.status, 200, discharge.text)
    const refused = await authed('/api/device/swaps', { evBatteryId: id, stationBatteryId: 9999 })
    assert.equal(refused.status, 422, refused.text)
    assert.equal((await authed('/api/device/check', {})).status, 200)
    for (const path of ['/api/device/batteries', '/api/device/alerts', '/api/device/swaps', '/api/device/stations']) assert.equal((await authed(path)).status, 200, path)
    await runCli(['device', 'status', '--dir', deviceDir, '--port', String(port)])
  })

  test('test_localApi_everyRoute_RevertWhen_tokenMissingOrWrong_401', async () => {
    const good = token()
    const routes: [string, string][] = [
      ['GET', '/api/device'],
      ['GET', '/api/device/batteries'],
      ['GET', '/api/device/alerts'],
      ['POST', '/api/device/check'],
      ['POST', '/api/device/discharge'],
      ['POST', '/api/device/charge'],
      ['POST', '/api/device/recycle'],
      ['POST', '/api/device/swaps'],
      ['POST', '/api/device/swaps/1/cancel'],
      ['POST', '/api/device/swaps/1/approve'],
      ['POST', '/api/device/swaps/1/deny'],
      ['GET', '/api/device/swaps'],
      ['GET', '/api/device/stations'],
      ['GET', '/api/device/quote?ev=1&station=2'],
      ['GET', '/api/device/batteries/1/history'],
      ['GET', '/api/device/accounts'],
      ['GET', '/api/device/network'],
      ['GET', '/api/device/all-batteries'],
      ['POST', '/api/device/admin/register'],
      ['POST', '/api/device/admin/grant'],
      ['POST', '/api/device/admin/fee'],
      ['POST', '/api/device/admin/energy-price'],
      ['POST', '/api/device/admin/suspend'],
      ['GET', '/api/device/events'],
      ['GET', '/api/no-such-route'],
      ['DELETE', '/api/device'],
    ]
    // Every way of not holding the token: none, wrong, one character off, a prefix, longer, in another
    // scheme or header, and a wrong ?token= (the EventSource form).
    const variants: { name: string; headers: Record<string, string>; query?: string }[] = [
      { name: 'no token', headers: {} },
      { name: 'wrong token', headers: { authorization: 'Bearer wrong' } },
      { name: 'one character off', headers: { authorization: `Bearer ${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}` } },
      { name: 'a prefix', headers: { authorization: `Bearer ${good.slice(0, 8)}` } },
      { name: 'longer', headers: { authorization: `Bearer ${good}x` } },
      { name: 'empty bearer', headers: { authorization: 'Bearer ' } },
      { name: 'basic scheme', headers: { authorization: `Basic ${Buffer.from(`evswap:${good}`).toString('base64')}` } },
      { name: 'another header', headers: { 'x-api-token': good, cookie: `token=${good}` } },
      { name: 'wrong ?token=', headers: {}, query: 'token=wrong' },
      { name: 'empty ?token=', headers: {}, query: 'token=' },
    ]
    let checked = 0
    for (const [method, path] of routes) {
      for (const v of variants) {
        const full = v.query ? `${path}${path.includes('?') ? '&' : '?'}${v.query}` : path
        const r = await httpJson(url(full), {
          method,
          headers: { ...v.headers, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
          ...(method === 'POST' ? { body: '{"batteryId":1,"evBatteryId":1,"stationBatteryId":2,"account":"0x0000000000000000000000000000000000000001","role":"EVOwner","unitId":9,"to":"0x0000000000000000000000000000000000000001","amount":"1","operation":"Swap","fee":"0","pricePerKWh":"1"}' } : {}),
          timeoutMs: 10_000,
        })
        assert.equal(r.status, 401, `${method} ${full} with ${v.name}: ${r.status} ${r.text.slice(0, 200)}`)
        assert.equal(r.body.error.code, 'unauthorized')
        checked++
      }
    }
    assert.equal(checked, routes.length * variants.length)
    // The right token opens the event stream, in the header and in the query.
    for (const init of [{ headers: { authorization: `Bearer ${good}` } }, {}]) {
      const abort = new AbortController()
      const res = await fetch(url(`/api/device/events${'headers' in init ? '' : `?token=${encodeURIComponent(good)}`}`), { ...init, signal: abort.signal })
      assert.equal(res.status, 200)
      assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/)
      abort.abort()
    }
  })

  test('test_device_afterStop_privateKeyAndPassphraseInNoOutputNorFile_keyFile0600', { timeout: 60_000 }, async (t) => {
    child!.kill('SIGTERM')
    assert.equal(await exited, 0, `the device exits cleanly on SIGTERM:\n${output}`)
    child = undefined

    const keyFile = join(deviceDir, DEVICE_KEY_FILE)
    const keystore = JSON.parse(readFileSync(keyFile, 'utf8')) as { crypto?: unknown; version?: number }
    assert.equal(keystore.version, 3)
    assert.ok(keystore.crypto, 'an encrypted v3 keystore')
    const privateKey = await decryptKeystore(keystore, PASSPHRASE)
    const raw = Buffer.from(privateKey.slice(2), 'hex')
    assert.equal(raw.length, 32)
    const hex = privateKey.slice(2).toLowerCase()
    const needles: { name: string; bytes: Buffer }[] = [
      { name: 'the key, lower-case hex', bytes: Buffer.from(hex) },
      { name: 'the key, upper-case hex', bytes: Buffer.from(hex.toUpperCase()) },
      { name: 'the key, base64', bytes: Buffer.from(raw.toString('base64').slice(0, 40)) },
      { name: 'the key, base64url', bytes: Buffer.from(raw.toString('base64url').slice(0, 40)) },
      { name: 'the key, raw bytes', bytes: raw },
      { name: 'the passphrase', bytes: Buffer.from(PASSPHRASE) },
    ]
    // Hex in any case, with or without 0x, is found by searching the lower-cased text.
    const found = (haystack: Buffer, needle: { name: string; bytes: Buffer }) =>
      needle.name.includes('hex') ? Buffer.from(haystack.toString('latin1').toLowerCase(), 'latin1').includes(Buffer.from(hex)) : haystack.includes(needle.bytes)

    assert.ok(output.includes('device account'), 'the output was captured')
    for (const n of needles) assert.ok(!found(Buffer.from(output), n), `${n.name} appears in the device's output`)

    const written = [...files(deviceDir), ...files(usb)]
    assert.ok(written.includes(keyFile) && written.some((f) => f.endsWith(BATTERY_FILE_NAME)), `scanned ${written.length} files`)
    for (const f of written) {
      const content = readFileSync(f)
      for (const n of needles) assert.ok(!found(content, n), `${n.name} appears in ${f}`)
    }
    t.diagnostic(`searched ${output.length} characters of output and ${written.length} files (${written.reduce((n, f) => n + statSync(f).size, 0)} bytes) for ${needles.length} forms of the secrets`)
    const mode = (p: string) => statSync(p).mode & 0o777
    assert.equal(mode(keyFile), 0o600, `key file mode ${mode(keyFile).toString(8)}`)
    assert.equal(mode(join(deviceDir, 'api-token')), 0o600)
    assert.equal(mode(deviceDir) & 0o077, 0, `device folder mode ${mode(deviceDir).toString(8)}: no access for group or others`)
  })
})
