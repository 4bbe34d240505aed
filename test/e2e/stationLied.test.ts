// A station caught lying, as an EV owner sees it in chromium: an EV whose home station (a hacked station 1,
// in front of the demo's real one) forges its battery's energy. The device proves the battery instead of
// believing it, and its GUI shows a "station lied" alert naming that station, the claim and the proven
// value, while the battery card shows the proven energy.
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { after, before, test } from 'node:test'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { demoBattery } from '../../src/rich/demoBatteries.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { registerEVOwnerCall } from '../../src/sdk/calls/registerEVOwnerCall.js'
import { startDevice, type StartedDevice } from '../../src/thin/startDevice.js'
import { BATTERY_FILE_NAME } from '../../src/thin/usb/batteryRecord.js'
import { writeBatteryFile } from '../../src/thin/usb/writeBatteryFile.js'
import { PHONE } from '../helpers/browser.js'
import { demoParts } from '../helpers/demoParts.js'
import { startE2eSession, type E2eSession } from '../helpers/e2eSession.js'
import { freePortRange } from '../helpers/freePort.js'
import { startLyingStation, type LyingStation } from '../helpers/lyingStation.js'

const repo = resolve(import.meta.dirname, '../..')
let s: E2eSession
let liar: LyingStation
let device: StartedDevice

before(async () => {
  s = await startE2eSession('lied')
  demoParts(s.demo, dirname(s.demo.dirs.ev), 0) // registers the demo's CA for the liar's calls to station 1
  const account = privateKeyToAccount(generatePrivateKey())
  const superAgent = s.demo.devices.super.agent
  for (const call of [registerEVOwnerCall(s.deployment, { account: account.address, evId: 3 }), grantECoinCall(s.deployment, { to: account.address, amount: 100_00n })]) {
    const r = await superAgent.operate(call)
    assert.equal(r.status, 'confirmed', r.error)
  }
  const dir = join(dirname(s.demo.dirs.ev), 'ev3')
  const usb = join(dir, 'usb')
  mkdirSync(join(usb, 'LIE-1'), { recursive: true })
  writeBatteryFile(join(usb, 'LIE-1', BATTERY_FILE_NAME), demoBattery('LIE', { kWh: 40, socPercent: 80, price: 5000, year: 2026, month: 2 }))
  const station = (n: 1 | 2) => new URL(s.demo.urls[`station${n}`]).origin
  liar = await startLyingStation(station(1), { tls: s.demo.tls.stations[0]! })
  device = await startDevice({
    dir,
    slots: [usb],
    stations: [liar.url, station(2)],
    trust: { ca: { pem: s.demo.tls.caPem, label: 'the demo CA' }, pins: [] },
    account,
    port: await freePortRange(1),
    webRoot: join(repo, 'dist/web'),
  })
  await device.agent.drain()
})

after(async () => {
  await device?.stop()
  await liar?.close().catch(() => {})
  await s?.close()
})

test('the EV GUI shows the station that lied, its claim and the proven value; the battery keeps its proven energy', async () => {
  const { page } = await s.open(device.url!, PHONE)
  try {
    await page.getByText('40.0 kWh').first().waitFor()
    liar.forgeBattery = (v) => ({ ...v, dynamicInfo: { ...v.dynamicInfo, energyWh: 1, socPermille: 1 } })
    await device.agent.check()
    const alert = page.locator('[data-testid="alert-item"][data-kind="station_lied"]')
    await alert.waitFor()
    const text = await alert.innerText()
    assert.match(text, /A station lied/)
    assert.match(text, new RegExp(`station ${liar.url.replace(/[.]/g, '\\.')} lied: it claimed battery \\d+ at block \\d+ has energy 0\\.001 kWh, SOC 0\\.1 %`))
    assert.match(text, /shows energy 40 kWh, SOC 80 %/)
    assert.match(await page.getByTestId('alert-box').locator('h2').innerText(), /a station lied to this device/i)
    assert.equal(await page.getByText('0.001 kWh').count(), 1, 'the forged energy appears only in the alert, not on the battery card')
    await s.shot(page, '01-station-lied')
  } catch (e) {
    await s.failed(e)
  }
})
