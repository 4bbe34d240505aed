// The hacked station of docs/security.md section 2 on real geth Clique (issue 15 asks for it there): three
// signers, station 1 and station 2 serving devices, a lying station in front of station 1. The device
// accepts blocks only with a quorum of signers' seals and proves every value it acts on, so every lie of
// test/helpers/lyingStationScenario.ts is caught here as on the embedded anvil chain.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createPublicClient, createWalletClient, http, type PublicClient } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { type EvswapNetwork, initNetwork, pickPortBases, readDeployerKey, startNetwork, stopNetwork } from '../../src/network/index.js'
import type { StartStationServerReturnType } from '../../src/rich/stationServer.js'
import { deployEvswap } from '../../src/sdk/deployEvswap.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import { sendCall } from '../../src/sdk/sendCall.js'
import { stationUnit } from '../../src/sdk/units.js'
import { runLyingStationScenario } from '../helpers/lyingStationScenario.js'
import { startGethStation } from '../helpers/startGethStation.js'

describe('a hacked station lies to its devices, on geth Clique', { timeout: 300_000 }, () => {
  let dir: string
  let net: EvswapNetwork
  let client: PublicClient
  let deployer: ReturnType<typeof createWalletClient>
  let deployment: Deployment
  const stations: StartStationServerReturnType[] = []

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evswap-lying-geth-'))
    net = await initNetwork({ stations: 3, period: 1, dir: join(dir, 'network'), ports: (await pickPortBases(3)).bases })
    await startNetwork(net)
    const transport = http(net.stations[0]!.httpUrl)
    client = createPublicClient({ transport, pollingInterval: 250 }) as PublicClient
    deployer = createWalletClient({ account: privateKeyToAccount(await readDeployerKey(net)), transport })
    // The deployer doubles as the super account: it holds Ether, so it sends the super account's calls itself.
    deployment = await deployEvswap({ publicClient: client, walletClient: deployer as never, superAccount: deployer.account!.address, recordPath: join(net.dir, 'deployment.json') })
    for (const index of [0, 1]) {
      const node = net.stations[index]!
      stations.push(await startGethStation(net, createPublicClient({ transport: http(node.httpUrl), pollingInterval: 250 }) as PublicClient, deployment, index))
    }
  })

  after(async () => {
    for (const s of stations) await s.close().catch(() => {})
    if (net) await stopNetwork(net, { timeoutMs: 5000 }).catch(() => {})
    rmSync(dir, { recursive: true, force: true })
  })

  it('catches every lie by proofs against a quorum of signers, loses nothing and fails back', async (t) => {
    await runLyingStationScenario({
      t,
      dir,
      deployment,
      publicClient: client,
      station1: stations[0]!.url,
      station2: stations[1]!.url,
      station1Unit: stationUnit(1),
      // An operation here waits for a quorum of signers (2 of 3 at 1 s a block): a time away longer than one.
      distrustMs: 4000,
      superOperate: async (calls) => {
        for (const call of calls) assert.equal((await client.waitForTransactionReceipt({ hash: await sendCall(deployer as never, call) })).status, 'success', call.label)
      },
    })
  })
})
