// Issue 17's "done when", in chromium on the demo: the EV finds the nearest station that takes its battery's
// format and has a charged battery, holds it from the finder, and the station's GUI shows it held for EV 1;
// on arrival the EV's swap request uses the hold (the fee comes back), the station approves, and the disks
// change places (the EV drove over). Each step is read from the chain through viem as well as from the screen.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { balanceProcessAbi } from '../../src/sdk/abi/balanceProcess.js'
import { batteryInterfaceAbi } from '../../src/sdk/abi/batteryInterface.js'
import { batteryProcessAbi } from '../../src/sdk/abi/batteryProcess.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { getAccount } from '../../src/sdk/reads/getAccount.js'
import { DESKTOP } from '../helpers/browser.js'
import { batteryIdOf, expectDone, startE2eSession, type E2eSession } from '../helpers/e2eSession.js'

let s: E2eSession
let ev: Page
let toy = 0

before(async () => {
  s = await startE2eSession('hold')
  ev = (await s.open(s.demo.urls.ev, DESKTOP)).page
  toy = await batteryIdOf(ev, 'my-batteries', 'TOY')
})

after(() => s?.close())

const holdOf = (batteryId: number) => s.chain.readContract({ address: s.deployment.batteryInterface, abi: batteryInterfaceAbi, functionName: 'holdOf', args: [batteryId] })
const escrow = () => s.chain.readContract({ address: s.deployment.balanceProcess, abi: balanceProcessAbi, functionName: 'balanceOf', args: [s.deployment.batteryInterface] })

/** The finder's first station (nearest first) that takes `format` and offers a battery at 80 % or more: its id and that battery's. */
async function nearestMatching(format: string): Promise<{ stationId: number; batteryId: number; km: string }> {
  await ev.locator('[data-testid="finder"] [data-testid^="station-battery-"]').first().waitFor()
  for (const card of await ev.locator('[data-testid="finder"] > li').all()) {
    if (!new RegExp(`takes [^\\n]*\\b${format}\\b`).test(await card.innerText())) continue
    for (const row of await card.locator('[data-testid^="station-battery-"]').all()) {
      if (Number((await row.getByTestId('finder-soc').innerText()).replace(' %', '')) < 80) continue
      return {
        stationId: Number((await card.getAttribute('data-testid'))!.replace('finder-station-', '')),
        batteryId: Number((await row.getAttribute('data-testid'))!.replace('station-battery-', '')),
        km: await card.getByTestId('finder-distance').innerText(),
      }
    }
  }
  throw new Error(`no station in the finder takes ${format} and has a charged battery`)
}

test('EV: hold the nearest matching charged battery, seen at its station; on arrival the swap uses the hold, and the disks change places', { timeout: 180_000 }, async () => {
  try {
    const evAddress = s.demo.devices.ev.agent.address
    // The demo EV parks in Schwabing: station 2 (0.96 km) takes TOY and has a charged CATL battery.
    const found = await nearestMatching('TOY')
    assert.deepEqual({ stationId: found.stationId, km: found.km }, { stationId: 2, km: '0.96 km' })
    const target = found.batteryId
    const stationDevice = s.demo.devices.station2.device.agent
    const brand = stationDevice.batteries().find((b) => b.batteryId === target)!.chain!.staticInfo.brand
    const station = (await s.open(s.demo.urls.station2, DESKTOP)).page

    // The CATL pack is worth 1,720 E-coin more than the TOY, and the EV has 1,000: holding it would not let it
    // swap on it, and the button says so instead of taking the fee.
    const hold = ev.getByTestId(`hold-${target}`).filter({ hasText: /^Hold for 15 min \(1\.00 E-coin\)$/ })
    const short = ev.getByTestId(`hold-${target}-short`)
    await short.waitFor()
    assert.match(await short.innerText(), /^Your balance \(1000\.00 E-coin\) does not cover this swap \(17\d\d\.\d\d E-coin\): holding it would not let you swap on it\.$/)
    assert.equal(await hold.isDisabled(), true)
    await s.shot(ev, '00-ev-short')
    // The owner tops up; the button is offered as soon as the device sees the grant.
    const granted = await s.demo.devices.super.agent.operate(grantECoinCall(s.deployment, { to: evAddress, amount: 2_000_00n }))
    assert.equal(granted.status, 'confirmed', granted.error)
    const start = (await getAccount(s.chain, s.deployment, evAddress)).balance
    await short.waitFor({ state: 'detached' })
    await hold.and(ev.locator(':enabled')).waitFor()
    await hold.click()
    const mine = ev.getByTestId('my-hold')
    await mine.waitFor()
    assert.match(await mine.innerText(), new RegExp(`You hold battery ${target} at station 2 until \\d\\d:\\d\\d \\(1[45] min left\\)\\. Nobody else can take it meanwhile\\. Its 1\\.00 E-coin fee comes back when you swap on it\\.`))
    const h = await holdOf(target)
    assert.equal(h.evOwner, evAddress)
    assert.equal(h.fee, 1_00n)
    assert.equal(await escrow(), 1_00n, 'the fee sits in escrow')
    await s.shot(ev, '01-ev-holds')

    const held = station.getByTestId(`station-hold-${target}`)
    await held.waitFor()
    assert.match(await held.innerText(), new RegExp(`Battery ${target} is held for EV 1 until \\d\\d:\\d\\d \\(1[45] min left\\); its 1\\.00 E-coin fee is in escrow\\.`))
    await s.shot(station, '02-station-sees-hold')

    // On arrival: "Swap on it" picks the held battery; the request uses the hold.
    await ev.getByTestId('choose-held').click()
    await ev.getByTestId('ev-battery-select').selectOption(String(toy))
    assert.match(await ev.getByTestId('chosen-station-battery').innerText(), new RegExp(`^${brand} #${target} · `))
    const quote = ev.getByTestId('quote')
    await quote.waitFor()
    const cost = BigInt((await quote.getAttribute('data-cost'))!)
    await ev.getByTestId('request-swap').click()
    await expectDone(ev.getByTestId('swap-panel'), 'request')
    assert.equal((await holdOf(target)).until, 0n, 'the request used the hold')
    await ev.getByTestId('my-hold').waitFor({ state: 'detached' })
    assert.equal((await getAccount(s.chain, s.deployment, evAddress)).balance, start - cost, 'the hold fee came back: only the swap cost is spent')
    assert.equal(await escrow(), cost, "only the swap's escrow is held")
    await station.getByTestId(`station-hold-${target}`).waitFor({ state: 'detached' })
    await s.shot(ev, '03-swap-on-hold')

    // The station approves; the disks change places (the EV drove over); the EV now holds the battery it held.
    const swapId = Number((await ev.locator('[data-testid="my-swaps"] article[data-status="Pending"]').first().getAttribute('data-testid'))!.replace('swap-request-', ''))
    await station.getByTestId(`approve-${swapId}`).click()
    await expectDone(station.getByTestId('swap-requests'), 'approve')
    await s.demo.moveUsb('TOY-1', 'ev', 'station2')
    await s.demo.moveUsb(`${brand}-1`, 'station2', 'ev')
    await ev.getByTestId('my-batteries').getByText(`${brand} #${target}`).waitFor()
    const got = await s.chain.readContract({ address: s.deployment.batteryProcess, abi: batteryProcessAbi, functionName: 'dynamicInfoOf', args: [target] })
    assert.equal(got.owner, evAddress)
    assert.equal(got.holder, 1, 'held by EV 1')
    await s.shot(ev, '04-swapped-on-hold')
  } catch (e) {
    await s.failed(e)
  }
})
