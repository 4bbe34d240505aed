// The signer votes panel in chromium, on a station of a real 3-signer geth Clique network: the operator
// votes station 3 out from the GUI, and the panel shows its own vote, then the vote pending on chain
// ("1 of 2 votes"), which the node's clique_proposals and snapshot confirm.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { createPublicClient, createWalletClient, http, type PublicClient } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { build } from 'vite'
import { type EvswapNetwork, gethRpc, initNetwork, pickPortBases, readDeployerKey, readRelayerKey, readVotes, startNetwork, stopNetwork } from '../../src/network/index.js'
import { startStation, type StartedStation } from '../../src/rich/startStation.js'
import { deployEvswap } from '../../src/sdk/deployEvswap.js'
import { DESKTOP, launchBrowser, openPage } from '../helpers/browser.js'
import { UI_TIMEOUT_MS } from '../helpers/e2eSession.js'
import { freePortRange } from '../helpers/freePort.js'

const repo = resolve(import.meta.dirname, '../..')
let dir: string, net: EvswapNetwork, station: StartedStation, browser: Browser, page: Page

before(async () => {
  process.env.EVSWAP_WEB_SKIP_TYPECHECK = '1'
  await build({ configFile: join(repo, 'src/web/vite.config.ts'), logLevel: 'warn' })
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
