// The network page and the signer votes panel in chromium, on a station of a real 3-signer geth Clique
// network (one network for both, to keep CI short). The network page says station 1 is sealing with 3 of 3
// signers online, names the sealers of the last blocks as the node's clique_getSigner does, follows the head,
// shows a request the GUI just relayed as the relay's last batch, and names station 3 as silent while its
// miner is stopped. Then the operator votes station 3 out from the GUI, and the votes panel shows its own
// vote, then the vote pending on chain ("1 of 2 votes"), which the node's clique_proposals and snapshot
// confirm.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { createPublicClient, createWalletClient, getAddress, http, type PublicClient } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { type EvswapNetwork, gethRpc, initNetwork, ipcRpc, nodePaths, pickPortBases, readDeployerKey, readRelayerKey, readVotes, startNetwork, stopNetwork } from '../../src/network/index.js'
import { startStation, type StartedStation } from '../../src/rich/startStation.js'
import { deployEvswap } from '../../src/sdk/deployEvswap.js'
import { DESKTOP, launchBrowser, openPage, screenshotDir } from '../helpers/browser.js'
import { UI_TIMEOUT_MS } from '../helpers/e2eSession.js'
import { ensureWebBuilt } from '../helpers/ensureWebBuilt.js'
import { freePortRange } from '../helpers/freePort.js'

const repo = resolve(import.meta.dirname, '../..')
let dir: string, net: EvswapNetwork, station: StartedStation, browser: Browser, page: Page, forwarder: string

before(async () => {
  await ensureWebBuilt()
  dir = mkdtempSync(join(tmpdir(), 'evswap-e2e-votes-'))
  net = await initNetwork({ stations: 3, period: 1, dir: join(dir, 'net'), ports: (await pickPortBases(3)).bases })
  await startNetwork(net)
  const st = net.stations[0]!
  const transport = http(st.httpUrl)
  // The station's own device is the super account, as for a lone station: its GUI is the super account's view.
  const account = privateKeyToAccount(generatePrivateKey())
  const deployment = await deployEvswap({
    publicClient: createPublicClient({ transport }) as PublicClient,
    walletClient: createWalletClient({ account: privateKeyToAccount(await readDeployerKey(net)), transport }),
    superAccount: account.address,
    recordPath: join(net.dir, 'deployment.json'),
  })
  forwarder = deployment.forwarder
  mkdirSync(join(dir, 'usb'))
  station = await startStation({
    station: { id: 1, name: 'Station 1' },
    port: await freePortRange(1),
    rpcUrl: st.httpUrl,
    nodeUrls: net.stations.map((s) => s.httpUrl),
    relayerKey: await readRelayerKey(st),
    deployment,
    index: { database: join(dir, 'index') },
    device: { dir: join(dir, 'device'), slots: [join(dir, 'usb')], account },
    webRoot: join(repo, 'dist/web'),
    votes: { node: st, signerNames: Object.fromEntries(net.members.map((m) => [m.signer, m.name])) },
  })
  browser = await launchBrowser()
  page = (await openPage(browser, station.guiUrl, DESKTOP)).page
  page.setDefaultTimeout(UI_TIMEOUT_MS)
})

after(async () => {
  await browser?.close().catch(() => {})
  await station?.stop().catch(() => {})
  if (net) await stopNetwork(net, { timeoutMs: 5000 }).catch(() => {})
  rmSync(dir, { recursive: true, force: true })
})

test('the network page: station 1 seals, 3 of 3 signers online, the sealers of the last blocks, the head moving, the last relayed batch, a silent signer named', { timeout: 120_000 }, async () => {
  const s1 = net.stations[0]!
  const panel = page.getByTestId('network')
  await panel.getByTestId('network-online-rule').filter({ hasText: 'Online means it sealed at least one of the last 6 blocks' }).waitFor()
  await panel.getByTestId('network-self').filter({ hasText: /^seals as station-1 \(0x.*\) · 2 peers$/ }).waitFor()
  // One reading of the page, taken while it says all is well: the page redraws at each block, and the
  // tables must be read from the same drawing as the line. waitForFunction resolves on a truthy value: never null.
  const seen = (await (
    await page.waitForFunction(() => {
      // No named inner functions here: the test's transpiler would wrap them in a helper the page lacks.
      const net = document.querySelector('[data-testid=network]')!
      if ((net.querySelector('[data-testid=network-summary]') as HTMLElement | null)?.innerText !== 'This station is sealing; 3 of 3 signers online.') return null
      return {
        signers: [...net.querySelectorAll('[data-testid=network-signer]')].map((e) => (e as HTMLElement).innerText),
        blocks: [...net.querySelectorAll('[data-testid=network-block]')].map((tr) => [tr.getAttribute('title')!, tr.querySelector('[data-testid=network-block-sealer]')!.textContent!]),
      }
    })
  ).jsonValue())!
  const names = new Map(net.members.map((m) => [getAddress(m.signer), m.name]))

  // The signers table: the three stations, station 1 marked as this one, each online.
  assert.equal(seen.signers.length, 3)
  for (const [i, row] of seen.signers.entries()) assert.match(row, new RegExp(`^station-${i + 1} \\(0x.*${i === 0 ? 'this station' : ''}[\\s\\S]*online`))

  // Each listed block's sealer is the one geth's clique_getSigner names for it, and all three signers seal.
  // By hash: a block the page listed may since have lost a race to a sibling (Clique forks at a 1 s period).
  assert.ok(seen.blocks.length >= 8, `${seen.blocks.length} blocks listed`)
  for (const [hash, sealer] of seen.blocks) {
    const byGeth = getAddress(await gethRpc<string>(s1.httpUrl, 'clique_getSigner', [hash]))
    assert.match(sealer!, new RegExp(`^${names.get(byGeth)} \\(0x`), `block ${hash}`)
  }
  assert.equal(new Set(seen.blocks.slice(0, 6).map(([, sealer]) => sealer!.split(' ')[0])).size, 3, 'each signer sealed one of the last 6 blocks')

  // The head follows the chain without a reload: the page refreshes on the station's head events.
  const head = panel.getByTestId('head-block')
  const first = Number(await head.getAttribute('data-number'))
  assert.ok(Math.abs(Number(BigInt(await gethRpc<string>(s1.httpUrl, 'eth_blockNumber'))) - first) <= 3, `head #${first} is the node's`)
  // Within 8 s: sooner than the device's own 15 s refresh, so only the head events can have done it.
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid=network] [data-testid=head-block]')?.getAttribute('data-number')) > n, first, { timeout: 8000 })

  // A request the GUI relays (the super account sets the energy price) is the relay's last batch, with its block and gas.
  await panel.getByTestId('network-last-batch').filter({ hasText: 'none sent since this station started' }).waitFor()
  const price = page.getByTestId('energy-price-form')
  await price.locator('#energy-price').fill('0.35')
  await price.getByRole('button', { name: 'Set energy price' }).click()
  await price.getByText('Set the energy price to 0.35 E-coin per kWh: done').waitFor()
  const batch = panel.getByTestId('network-last-batch').filter({ hasText: /^1 request in 0x.*: mined in block #\d+, [\d,]+ gas$/ })
  await batch.waitFor()
  const txHash = (await batch.locator('.mono').getAttribute('title')) as `0x${string}`
  const receipt = await gethRpc<{ blockNumber: string; gasUsed: string; to: string }>(s1.httpUrl, 'eth_getTransactionReceipt', [txHash])
  assert.match(await batch.innerText(), new RegExp(`block #${Number(BigInt(receipt.blockNumber))}, ${Number(BigInt(receipt.gasUsed)).toLocaleString('en-US')} gas$`))
  assert.equal(getAddress(receipt.to), getAddress(forwarder))
  assert.match(await panel.getByTestId('network-relay').innerText(), /^0 waiting · 0 batches in flight$/)
  await panel.screenshot({ path: join(screenshotDir(), 'network-page-geth.png'), animations: 'disabled' })

  // Station 3's miner stops: two rounds later the page names it as silent; started again, it is back online.
  const s3ipc = nodePaths(net.stations[2]!.datadir).ipc
  await ipcRpc(s3ipc, 'miner_stop')
  const summary = panel.getByTestId('network-summary')
  await summary.filter({ hasText: /^This station is sealing; 2 of 3 signers online\. Signer station-3 has sealed none of the last 6 blocks \(\d+ s\)\.$/ }).waitFor()
  assert.match(await panel.getByTestId('network-signer').nth(2).innerText(), /^station-3 \(0x.*\)\s+silent\s+0\s/)
  assert.match((await summary.getAttribute('class'))!, /\bbad\b/)
  await panel.screenshot({ path: join(screenshotDir(), 'network-page-geth-silent.png'), animations: 'disabled' })
  await ipcRpc(s3ipc, 'miner_start')
  await summary.filter({ hasText: /^This station is sealing; 3 of 3 signers online\.$/ }).waitFor()
})

test('the operator votes station 3 out from the GUI; the panel shows the vote pending on chain, 1 of 2', { timeout: 120_000 }, async () => {
  const [s1, , s3] = net.stations
  const panel = page.getByTestId('votes')
  await panel.getByTestId('votes-summary').filter({ hasText: '3 stations seal blocks; adding or removing one needs 2 of their votes.' }).waitFor()
  assert.match(await panel.getByTestId('votes-signers').innerText(), /station-1[\s\S]*station-2[\s\S]*station-3|station-3/)
  await panel.getByTestId('votes-pending-none').waitFor()

  // A wrong address is caught in the form, before anything is sent.
  await panel.locator('#vote-address').fill('0x1234')
  await panel.getByRole('button', { name: 'Vote' }).click()
  await panel.getByText('The signer address must be 0x and 40 hex digits').waitFor()
  assert.deepEqual(await gethRpc(s1!.httpUrl, 'clique_proposals'), {})

  await panel.locator('#vote-address').fill(s3!.signer)
  await panel.locator('#vote-kind').selectOption('remove')
  await panel.getByRole('button', { name: 'Vote' }).click()
  await panel.getByTestId('votes-own').filter({ hasText: 'This station votes to remove station-3' }).waitFor()
  assert.deepEqual(await gethRpc(s1!.httpUrl, 'clique_proposals'), { [s3!.signer.toLowerCase()]: false })

  // Once station 1 has sealed a block with its vote, the panel (which looks again every 5 s) shows it pending.
  const pending = panel.getByTestId('votes-pending').filter({ hasText: /^Station-3 \(0x.*\) is proposed to leave: 1 of 2 votes\.$/ })
  await pending.waitFor()
  const onChain = await readVotes(s1!)
  assert.deepEqual(onChain.pending, [{ address: s3!.signer, authorize: false, voters: [s1!.signer] }])
  assert.equal(onChain.signers.length, 3)
  await panel.screenshot({ path: '/tmp/votes-panel.png', animations: 'disabled' })
})
