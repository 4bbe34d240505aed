// Issue 17, section 3, in chromium on the demo: the EV holds station 1's charged battery from its GUI, the
// station's GUI shows it held for EV 1, and the EV's swap request on arrival uses the hold and gives the fee
// back. Each step is read from the chain through viem as well as from the screen.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { balanceProcessAbi } from '../../src/sdk/abi/balanceProcess.js'
import { batteryInterfaceAbi } from '../../src/sdk/abi/batteryInterface.js'
import { batteryProcessAbi } from '../../src/sdk/abi/batteryProcess.js'
import { getAccount } from '../../src/sdk/reads/getAccount.js'
import { DESKTOP } from '../helpers/browser.js'
import { batteryIdOf, expectDone, startE2eSession, type E2eSession } from '../helpers/e2eSession.js'

let s: E2eSession
let ev: Page
let station: Page
const ids = { toy: 0, sum: 0 }

before(async () => {
  s = await startE2eSession('hold')
  ev = (await s.open(s.demo.urls.ev, DESKTOP)).page
  station = (await s.open(s.demo.urls.station1, DESKTOP)).page
  ids.toy = await batteryIdOf(ev, 'my-batteries', 'TOY')
  ids.sum = s.demo.devices.station1.device.agent.batteries().find((b) => b.chain?.staticInfo.brand === 'SUM')!.batteryId!
})

after(() => s?.close())

const holdOf = (batteryId: number) => s.chain.readContract({ address: s.deployment.batteryInterface, abi: batteryInterfaceAbi, functionName: 'holdOf', args: [batteryId] })
const escrow = () => s.chain.readContract({ address: s.deployment.balanceProcess, abi: balanceProcessAbi, functionName: 'balanceOf', args: [s.deployment.batteryInterface] })

test('EV: hold a battery at station 1, seen at the station; on arrival the swap uses the hold, and the disks change places', { timeout: 180_000 }, async () => {
  try {
    const evAddress = s.demo.devices.ev.agent.address
    const start = (await getAccount(s.chain, s.deployment, evAddress)).balance
    // The button says the super account's terms once they are read.
    const hold = ev.getByTestId(`hold-${ids.sum}`).filter({ hasText: /^Hold for 15 min \(1\.00 E-coin\)$/ })
    await hold.waitFor()
    await hold.click()
    const mine = ev.getByTestId('my-hold')
    await mine.waitFor()
    assert.match(await mine.innerText(), new RegExp(`You hold battery ${ids.sum} at station 1 until \\d\\d:\\d\\d \\(1[45] min left\\)\\. Nobody else can take it meanwhile\\. Its 1\\.00 E-coin fee comes back when you swap on it\\.`))
    const h = await holdOf(ids.sum)
    assert.equal(h.evOwner, evAddress)
    assert.equal(h.fee, 1_00n)
    assert.equal(await escrow(), 1_00n, 'the fee sits in escrow')
    await s.shot(ev, '01-ev-holds')

    const held = station.getByTestId(`station-hold-${ids.sum}`)
    await held.waitFor()
    assert.match(await held.innerText(), new RegExp(`Battery ${ids.sum} is held for EV 1 until \\d\\d:\\d\\d \\(1[45] min left\\); its 1\\.00 E-coin fee is in escrow\\.`))
    await s.shot(station, '02-station-sees-hold')

    // On arrival: "Swap on it" picks the held battery; the request uses the hold.
    await ev.getByTestId('choose-held').click()
    await ev.getByTestId('ev-battery-select').selectOption(String(ids.toy))
    assert.match(await ev.getByTestId('chosen-station-battery').innerText(), new RegExp(`^SUM #${ids.sum} · .* at Marienplatz \\(station 1, `))
    const quote = ev.getByTestId('quote')
    await quote.waitFor()
    const cost = BigInt((await quote.getAttribute('data-cost'))!)
    await ev.getByTestId('request-swap').click()
    await expectDone(ev.getByTestId('swap-panel'), 'request')
    assert.equal((await holdOf(ids.sum)).until, 0n, 'the request used the hold')
    await ev.getByTestId('my-hold').waitFor({ state: 'detached' })
    assert.equal((await getAccount(s.chain, s.deployment, evAddress)).balance, start - cost, 'the hold fee came back: only the swap cost is spent')
    assert.equal(await escrow(), cost, "only the swap's escrow is held")
    await station.getByTestId(`station-hold-${ids.sum}`).waitFor({ state: 'detached' })
    await s.shot(ev, '03-swap-on-hold')

    // The station approves; the disks change places (the EV drove over); the EV now holds the SUM battery.
    const swapId = Number((await ev.locator('[data-testid="my-swaps"] article[data-status="Pending"]').first().getAttribute('data-testid'))!.replace('swap-request-', ''))
    await station.getByTestId(`approve-${swapId}`).click()
    await expectDone(station.getByTestId('swap-requests'), 'approve')
    await s.demo.moveUsb('TOY-1', 'ev', 'station1')
    await s.demo.moveUsb('SUM-1', 'station1', 'ev')
    await ev.getByTestId('my-batteries').getByText(`SUM #${ids.sum}`).waitFor()
    const sum = await s.chain.readContract({ address: s.deployment.batteryProcess, abi: batteryProcessAbi, functionName: 'dynamicInfoOf', args: [ids.sum] })
    assert.equal(sum.owner, evAddress)
    assert.equal(sum.holder, 1, 'held by EV 1')
    await s.shot(ev, '04-swapped-on-hold')
  } catch (e) {
    await s.failed(e)
  }
})
