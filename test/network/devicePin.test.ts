// The pinned deployment on real geth: a 2-station Clique network, a station server on station 1's node, and
// a device agent enrolling with it. /api/config serves block 0's hash and Clique's signer set with the
// network's epoch, and the device pins exactly that.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { createPublicClient, createWalletClient, getAddress, http, type PublicClient } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { initNetwork, pickPortBases, readDeployerKey, startNetwork, stopNetwork, type EvswapNetwork } from '../../src/network/index.js'
import type { StartStationServerReturnType } from '../../src/rich/stationServer.js'
import { deployEvswap } from '../../src/sdk/deployEvswap.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import { createDeviceAgent } from '../../src/thin/agent/createDeviceAgent.js'
import { startGethStation } from '../helpers/startGethStation.js'

let dir: string
let net: EvswapNetwork
let client: PublicClient
let deployment: Deployment
let station: StartStationServerReturnType

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evswap-pin-net-'))
  net = await initNetwork({ stations: 2, dir: join(dir, 'network'), ports: (await pickPortBases(2)).bases })
  await startNetwork(net)
  const node = net.stations[0]!
  const transport = http(node.httpUrl)
  client = createPublicClient({ transport, pollingInterval: 250 }) as PublicClient
  const deployer = createWalletClient({ account: privateKeyToAccount(await readDeployerKey(net)), transport })
  deployment = await deployEvswap({ publicClient: client, walletClient: deployer, superAccount: deployer.account.address, recordPath: join(net.dir, 'deployment.json') })
  station = await startGethStation(net, client, deployment)
})

after(async () => {
  await station?.close()
  if (net) await stopNetwork(net, { timeoutMs: 5000 }).catch(() => {})
  rmSync(dir, { recursive: true, force: true })
})

test('test_config_onGeth_servesGenesisHashSignerSetAndEpoch', { timeout: 60_000 }, async () => {
  const config = (await (await fetch(`${station.url}/api/config`)).json()) as { genesisHash: string; clique: { epoch: number; signers: string[]; signersBlock: number } }
  assert.equal(config.genesisHash, (await client.getBlock({ blockNumber: 0n })).hash)
  // Sorted as Clique keeps them; the station writes addresses in lower case, as every address it serves.
  assert.deepEqual(config.clique.signers, net.stations.map((s) => s.signer.toLowerCase()).sort())
  assert.equal(config.clique.epoch, net.epoch)
  assert.ok(config.clique.signersBlock > 0 && config.clique.signersBlock <= Number(await client.getBlockNumber()), `signersBlock ${config.clique.signersBlock}`)
})

test('test_deviceOnGeth_firstStart_pinsTheSignerSet', { timeout: 60_000 }, async () => {
  const d = join(dir, 'ev')
  mkdirSync(join(d, 'usb'), { recursive: true })
  const lines: string[] = []
  const agent = await createDeviceAgent({ dir: d, slots: [join(d, 'usb')], stations: [station.url], account: privateKeyToAccount(generatePrivateKey()), log: (l) => lines.push(l) })
  await agent.start()
  try {
    const pinned = JSON.parse(readFileSync(join(d, 'pinned.json'), 'utf8'))
    assert.equal(pinned.chainId, net.chainId)
    assert.equal(pinned.genesisHash, (await client.getBlock({ blockNumber: 0n })).hash)
    assert.equal(pinned.deployment.forwarder.toLowerCase(), deployment.forwarder.toLowerCase())
    assert.deepEqual(new Set(pinned.clique.signers), new Set(net.stations.map((s) => getAddress(s.signer))))
    assert.equal(pinned.clique.epoch, net.epoch)
    assert.ok(pinned.clique.signersBlock > 0)
    assert.equal(statSync(join(d, 'pinned.json')).mode & 0o777, 0o600)
    assert.match(lines.join('\n'), new RegExp(`enrolled on chain ${net.chainId} .*2 Clique signer\\(s\\) at block ${pinned.clique.signersBlock}`))
  } finally {
    await agent.stop()
  }
})
