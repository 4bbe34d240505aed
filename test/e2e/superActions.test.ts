// Every action of the super account, driven in chromium on the demo's super GUI: register an EV owner and a
// station operator, grant E-coin, set a fee and the energy price, pause and resume (which every role sees),
// suspend one account (a stolen EV's key) and restore it.
// Each test reads the outcome from the chain through viem, and checks that the screen says it in words.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { privateKeyToAddress, generatePrivateKey } from 'viem/accounts'
import { batteryInterfaceAbi } from '../../src/sdk/abi/batteryInterface.js'
import { dischargeCall } from '../../src/sdk/calls/dischargeCall.js'
import { Operation } from '../../src/sdk/enums.js'
import { getAccount } from '../../src/sdk/reads/getAccount.js'
import { getStationPlaces } from '../../src/sdk/reads/getStationPlaces.js'
import { DESKTOP, PHONE } from '../helpers/browser.js'
import { expectDone, startE2eSession, type E2eSession } from '../helpers/e2eSession.js'

let s: E2eSession
let sup: Page
/** The super page's uncaught errors and console errors (a failed request is one). */
let supErrors: string[]

before(async () => {
  s = await startE2eSession('super')
  ;({ page: sup, errors: supErrors } = await s.open(s.demo.urls.super, DESKTOP))
  await sup.getByTestId('admin').waitFor()
})

after(() => s?.close())

const read = <F extends 'paused' | 'energyPrice'>(functionName: F) =>
  s.chain.readContract({ address: s.deployment.batteryInterface, abi: batteryInterfaceAbi, functionName })

async function register(role: 'EVOwner' | 'StationOperator', unitId: number) {
  const address = privateKeyToAddress(generatePrivateKey())
  const form = sup.getByTestId('register-form')
  await form.locator('#reg-address').fill(address)
  await form.getByTestId('register-role').selectOption(role)
  await form.locator('#reg-unit').fill(String(unitId))
  if (role === 'StationOperator') {
    // A station is placed as it is registered: name and location are required.
    await form.locator('#reg-place-name').fill(`Station ${unitId} yard`)
    await form.locator('#reg-place-latitude').fill('48.1')
    await form.locator('#reg-place-longitude').fill('11.5')
  }
  await form.getByRole('button', { name: 'Register' }).click()
  const done = await expectDone(form, `register ${role}`)
  return { address, text: await done.innerText() }
}

test("super: the network comes through the device, votes are said to be a station's, and nothing the device does not serve is asked for", { timeout: 120_000 }, async () => {
  try {
    await sup.getByTestId('network').getByText('This station runs the embedded dev chain', { exact: false }).waitFor()
    await sup.getByTestId('votes').getByText("Signer votes are cast from a station's own GUI; this device serves none.").waitFor()
    assert.deepEqual(supErrors, [], 'no failed request, no error in the console')
  } catch (e) {
    await s.failed(e)
  }
})

test('super: register an EV owner and a station operator', { timeout: 120_000 }, async () => {
  try {
    const ev = await register('EVOwner', 7)
    assert.match(ev.text, /as the ev owner of EV 7: done, confirmed on chain[\s\S]*can now act as EV 7/)
    const a = await getAccount(s.chain, s.deployment, ev.address)
    assert.equal(a.role, 'EVOwner')
    assert.equal(a.unit, 7)
    const st = await register('StationOperator', 9)
    assert.match(st.text, /as the station operator of station 9: done[\s\S]*can now act as station 9, placed at Station 9 yard/)
    const b = await getAccount(s.chain, s.deployment, st.address)
    assert.equal(b.role, 'StationOperator')
    assert.equal(b.unit, 0x80000000 + 9)
    // The accounts list names them.
    await sup.getByTestId(`account-${st.address.toLowerCase()}`).filter({ hasText: 'station 9' }).waitFor()
    await s.shot(sup, '01-registered')
  } catch (e) {
    await s.failed(e)
  }
})

test('super: grant E-coin to EV 1', { timeout: 120_000 }, async () => {
  try {
    const evAddress = s.demo.devices.ev.agent.address
    const before = (await getAccount(s.chain, s.deployment, evAddress)).balance
    const form = sup.getByTestId('grant-form')
    await form.locator('#grant-to').fill(evAddress)
    await form.locator('#grant-amount').fill('12.34')
    await form.getByRole('button', { name: 'Grant' }).click()
    const done = await expectDone(form, 'grant')
    assert.match(await done.innerText(), /Grant 12\.34 E-coin to EV 1: done/)
    assert.equal((await getAccount(s.chain, s.deployment, evAddress)).balance, before + 1234n)
  } catch (e) {
    await s.failed(e)
  }
})

test('super: set the charge fee and the energy price', { timeout: 120_000 }, async () => {
  try {
    const fee = sup.getByTestId('fee-form')
    await fee.locator('#fee-op').selectOption('Charge')
    await fee.locator('#fee-amount').fill('1.5')
    await fee.getByRole('button', { name: 'Set fee' }).click()
    assert.match(await (await expectDone(fee, 'fee')).innerText(), /Set the charge fee to 1\.50 E-coin: done/)
    const onChain = await s.chain.readContract({ address: s.deployment.batteryInterface, abi: batteryInterfaceAbi, functionName: 'feeOf', args: [Operation.Charge] })
    assert.equal(onChain, 150n)

    const price = sup.getByTestId('energy-price-form')
    await price.locator('#energy-price').fill('0.35')
    await price.getByRole('button', { name: 'Set energy price' }).click()
    assert.match(await (await expectDone(price, 'energy price')).innerText(), /Set the energy price to 0\.35 E-coin per kWh: done/)
    assert.equal(await read('energyPrice'), 35n)
    // The fee's result box went when the next step (the price) started.
    await fee.getByTestId('op-result').waitFor({ state: 'detached' })
    await s.shot(sup, '02-fee-and-price')
  } catch (e) {
    await s.failed(e)
  }
})

test('super: set the battery hold terms; a wrong hold time is told in minutes before anything is sent', { timeout: 120_000 }, async () => {
  try {
    const form = sup.getByTestId('hold-terms-form')
    await form.getByTestId('hold-terms-now').filter({ hasText: 'for 15 min for a fee of 1.00 E-coin' }).waitFor()
    await form.locator('#hold-minutes').fill('0')
    await form.locator('#hold-fee').fill('0.5')
    await form.getByRole('button', { name: 'Set hold terms' }).click()
    assert.equal(await form.locator('.form-problem').innerText(), 'Hold time must be whole minutes, from 1 to 1440 (a day).')
    await form.locator('#hold-minutes').fill('20')
    await form.locator('#hold-forfeit').selectOption('Treasury')
    await form.getByRole('button', { name: 'Set hold terms' }).click()
    assert.match(await (await expectDone(form, 'hold terms')).innerText(), /Set battery holds to 20 min for 0\.50 E-coin, unused fee to the treasury: done/)
    const terms = await s.chain.readContract({ address: s.deployment.batteryInterface, abi: batteryInterfaceAbi, functionName: 'holdTerms' })
    assert.deepEqual(terms, { duration: 20 * 60, fee: 50, forfeitTo: 1 })
    await form.getByTestId('hold-terms-now').filter({ hasText: 'for 20 min for a fee of 0.50 E-coin' }).waitFor()
  } catch (e) {
    await s.failed(e)
  }
})

test('super: move a station (only the super account sets a location); the form starts from its place on chain', { timeout: 120_000 }, async () => {
  try {
    const form = sup.getByTestId('place-station-form')
    const option = await form.locator('#place-station option', { hasText: /^station 2 · Schwabing Nord$/ }).getAttribute('value')
    await form.locator('#place-station').selectOption(option!)
    assert.equal(await form.locator('#place-name').inputValue(), 'Schwabing Nord')
    await form.locator('#place-latitude').fill('48.1700')
    await form.locator('#place-address').fill('Leopoldstraße 250, 80807 München')
    await form.getByRole('button', { name: 'Place station' }).click()
    assert.match(await (await expectDone(form, 'place')).innerText(), /Place station 2 at Schwabing Nord: done/)
    const [moved] = await getStationPlaces(s.chain, s.deployment, [2])
    assert.equal(moved!.latitude, 48.17)
    assert.equal(moved!.address, 'Leopoldstraße 250, 80807 München')
  } catch (e) {
    await s.failed(e)
  }
})

test('super: pause and resume; every role sees the paused state', { timeout: 180_000 }, async () => {
  try {
    const form = sup.getByTestId('pause-form')
    await form.getByTestId('pause').click()
    assert.match(await (await expectDone(form, 'pause')).innerText(), /Pause operations: done[\s\S]*Every role now sees that operations are paused\./)
    assert.equal(await read('paused'), true)
    await sup.getByTestId('paused-banner').filter({ hasText: 'You paused them' }).waitFor()
    // The other roles read it from their station (a fresh page: no waiting for their slow poll).
    const ev = (await s.open(s.demo.urls.ev, PHONE)).page
    const station = (await s.open(s.demo.urls.station1, DESKTOP)).page
    for (const p of [ev, station]) await p.getByTestId('paused-banner').filter({ hasText: 'The super account paused the network' }).waitFor()
    await s.shot(ev, '03-ev-paused')
    await s.shot(sup, '04-super-paused')

    await form.getByTestId('resume').click()
    assert.match(await (await expectDone(form, 'resume')).innerText(), /Resume operations: done[\s\S]*Operations run again for every role\./)
    assert.equal(await read('paused'), false)
    await sup.getByTestId('paused-banner').waitFor({ state: 'detached' })
    await form.getByTestId('pause-state').filter({ hasText: 'Operations run normally.' }).waitFor()
    for (const p of [ev, station]) {
      await p.reload()
      await p.getByTestId('balance').waitFor()
      await p.locator('[data-testid="paused-state"][data-paused="false"]').waitFor({ state: 'attached' })
      assert.equal(await p.getByTestId('paused-banner').count(), 0)
    }
  } catch (e) {
    await s.failed(e)
  }
})

test('super: suspend EV 1 (a stolen key): its requests are refused, the others served; restore it', { timeout: 180_000 }, async () => {
  try {
    const ev = s.demo.devices.ev.agent
    const evAddress = ev.address
    const isSuspended = () => s.chain.readContract({ address: s.deployment.batteryInterface, abi: batteryInterfaceAbi, functionName: 'isSuspended', args: [evAddress] })
    const battery = ev.batteries().find((b) => b.chain)!.chain!
    const lower = (b: typeof battery) => ({ batteryId: b.id, energyWh: Math.max(0, b.dynamicInfo.energyWh - 1), socPermille: Math.max(0, b.dynamicInfo.socPermille - 1), duration: 60 })
    const form = sup.getByTestId('suspend-form')
    await form.getByTestId('suspended-count').filter({ hasText: 'No account is suspended.' }).waitFor()
    await form.getByTestId('suspend-account').selectOption(evAddress.toLowerCase())
    await form.getByTestId('suspend').click()
    assert.match(await (await expectDone(form, 'suspend')).innerText(), /Suspend EV 1: done, confirmed on chain[\s\S]*Its requests are refused from now on; its batteries and E-coin stay as they are\./)
    assert.equal(await isSuspended(), true)
    // Listed as suspended in the form, and marked in the accounts list once the station's index has it.
    await form.getByTestId(`suspended-${evAddress.toLowerCase()}`).waitFor()
    await form.getByTestId('suspended-count').filter({ hasText: 'One account is suspended:' }).waitFor()
    await sup.getByTestId(`account-${evAddress.toLowerCase()}`).getByTestId('account-suspended').waitFor()
    await s.shot(sup, '05-ev-suspended')

    // The stolen key's request is refused by the station before any gas, in words; the station is served.
    const refused = await ev.operate(dischargeCall(s.deployment, lower(battery)), { batteryId: battery.id })
    assert.equal(refused.status, 'failed')
    assert.match(refused.error ?? '', /The super account has suspended the account 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}, so this station refuses its requests\./)
    const station = s.demo.devices.station1.device.agent
    const own = station.batteries().find((b) => b.chain)!.chain!
    const served = await station.operate(dischargeCall(s.deployment, lower(own)), { batteryId: own.id })
    assert.equal(served.status, 'confirmed', served.error)

    await form.getByTestId(`restore-${evAddress.toLowerCase()}`).click()
    assert.match(await (await expectDone(form, 'restore')).innerText(), /Restore EV 1: done[\s\S]*It can act again\./)
    assert.equal(await isSuspended(), false)
    await form.getByTestId('suspended-count').filter({ hasText: 'No account is suspended.' }).waitFor()
    await sup.getByTestId(`account-${evAddress.toLowerCase()}`).getByTestId('account-suspended').waitFor({ state: 'detached' })
    const again = await ev.operate(dischargeCall(s.deployment, lower(battery)), { batteryId: battery.id })
    assert.equal(again.status, 'confirmed', again.error)
  } catch (e) {
    await s.failed(e)
  }
})
