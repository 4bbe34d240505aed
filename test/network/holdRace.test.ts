// Issue 17, section 3: two EVs hold the same station battery at once, each through another station's relay,
// on a real two-signer geth Clique network. Exactly one hold stands on chain; the other EV is told in words
// who holds the battery and until when, and pays nothing.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createPublicClient, createWalletClient, http, type LocalAccount, type PublicClient } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { type EvswapNetwork, initNetwork, pickPortBases, readDeployerKey, startNetwork, stopNetwork } from '../../src/network/index.js'
import type { StartStationServerReturnType } from '../../src/rich/stationServer.js'
import { balanceProcessAbi } from '../../src/sdk/abi/balanceProcess.js'
import { batteryInterfaceAbi } from '../../src/sdk/abi/batteryInterface.js'
import type { EvswapCall } from '../../src/sdk/calls/EvswapCall.js'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { holdBatteryCall } from '../../src/sdk/calls/holdBatteryCall.js'
import { registerBatteryCall } from '../../src/sdk/calls/registerBatteryCall.js'
import { registerEVOwnerCall } from '../../src/sdk/calls/registerEVOwnerCall.js'
import { registerStationOperatorCall } from '../../src/sdk/calls/registerStationOperatorCall.js'
import { setHoldTermsCall } from '../../src/sdk/calls/setHoldTermsCall.js'
import { deployEvswap } from '../../src/sdk/deployEvswap.js'
import type { Deployment } from '../../src/sdk/deployment.js'
import { signForwardRequest } from '../../src/sdk/forwarder/signForwardRequest.js'
import { getForwarderNonce } from '../../src/sdk/reads/getForwarderNonce.js'
import { sendCall } from '../../src/sdk/sendCall.js'
import { testBattery } from '../helpers/chain.js'
import { httpJson } from '../helpers/demoParts.js'
import { startGethStation } from '../helpers/startGethStation.js'

const FEE = 1_00n

describe('two EVs hold one battery at once through two relays, on geth Clique', { timeout: 240_000 }, () => {
  let dir: string
  let net: EvswapNetwork
  let client: PublicClient
  let deployment: Deployment
  const stations: StartStationServerReturnType[] = []
  const [ev1, ev2, operator] = [0, 1, 2].map(() => privateKeyToAccount(generatePrivateKey())) as [LocalAccount, LocalAccount, LocalAccount]

  const sign = async (account: LocalAccount, call: EvswapCall) =>
    signForwardRequest({ account, deployment, call, nonce: await getForwarderNonce(client, deployment, account.address), deadline: Math.floor(Date.now() / 1000) + 600 })
  const balanceOf = (a: LocalAccount) => client.readContract({ address: deployment.balanceProcess, abi: balanceProcessAbi, functionName: 'balanceOf', args: [a.address] })

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evswap-hold-race-'))
    net = await initNetwork({ stations: 2, period: 1, dir: join(dir, 'network'), ports: (await pickPortBases(2)).bases })
    await startNetwork(net)
    const transport = http(net.stations[0]!.httpUrl)
    client = createPublicClient({ transport, pollingInterval: 250 }) as PublicClient
    const deployer = createWalletClient({ account: privateKeyToAccount(await readDeployerKey(net)), transport })
    // The deployer doubles as the super account: it holds Ether, so it sends the super account's calls itself.
    deployment = await deployEvswap({ publicClient: client, walletClient: deployer as never, superAccount: deployer.account.address, recordPath: join(net.dir, 'deployment.json') })
    for (const call of [
      registerEVOwnerCall(deployment, { account: ev1.address, evId: 1 }),
      registerEVOwnerCall(deployment, { account: ev2.address, evId: 2 }),
      registerStationOperatorCall(deployment, { account: operator.address, stationId: 1 }),
      grantECoinCall(deployment, { to: ev1.address, amount: 50_00n }),
      grantECoinCall(deployment, { to: ev2.address, amount: 50_00n }),
      setHoldTermsCall(deployment, { durationSeconds: 15 * 60, fee: FEE, forfeitTo: 'Station' }),
    ]) {
      assert.equal((await client.waitForTransactionReceipt({ hash: await sendCall(deployer as never, call) })).status, 'success', call.label)
    }
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

  it('exactly one hold stands; the other EV is told who holds the battery until when, and pays nothing', async () => {
    const registered = await httpJson(`${stations[0]!.url}/api/relay?wait=1`, { body: await sign(operator, registerBatteryCall(deployment, { ...testBattery('BYD'), tag: `0x${'11'.repeat(32)}` })) })
    assert.equal(registered.body.status, 'confirmed', registered.text)
    const batteryId = Number(registered.body.events.find((e: { event: string }) => e.event === 'BatteryRegistered').args.batteryId)

    // Both signed first, then sent together: each relay admits its request (its simulation sees no hold yet)
    // unless the other's block came first, in which case the refusal is the same sentence, before any gas.
    const [r1, r2] = await Promise.all([sign(ev1, holdBatteryCall(deployment, { batteryId })), sign(ev2, holdBatteryCall(deployment, { batteryId }))])
    const answers = await Promise.all([
      httpJson(`${stations[0]!.url}/api/relay?wait=1`, { body: r1 }),
      httpJson(`${stations[1]!.url}/api/relay?wait=1`, { body: r2 }),
    ])
    const won = answers.map((a) => a.status === 200 && a.body.status === 'confirmed' && a.body.success !== false)
    assert.equal(won.filter(Boolean).length, 1, `exactly one hold must stand: ${answers.map((a) => a.text).join(' | ')}`)
    const winner = won[0] ? 0 : 1
    const loser = 1 - winner
    const lost = answers[loser]!
    const sentence = lost.status === 200 ? String(lost.body.error) : String(lost.body.error?.message)
    console.log(`the losing request ${lost.status === 200 ? 'ran and reverted on chain' : `was refused by its relay (${lost.status})`}: ${sentence}`)
    assert.match(sentence, new RegExp(`Battery ${batteryId} is held for EV ${winner + 1} until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC`))
    assert.doesNotMatch(sentence, /BatteryInterface|0x[0-9a-f]{8}/, 'no contract error name or selector')

    const hold = await client.readContract({ address: deployment.batteryInterface, abi: batteryInterfaceAbi, functionName: 'holdOf', args: [batteryId] })
    assert.equal(hold.evOwner, [ev1, ev2][winner]!.address)
    assert.equal(hold.evUnit, winner + 1)
    assert.equal(hold.fee, FEE)
    const held = await client.getContractEvents({ address: deployment.batteryInterface, abi: batteryInterfaceAbi, eventName: 'BatteryHeld', fromBlock: 0n })
    assert.equal(held.length, 1, 'one BatteryHeld event on the whole chain')
    assert.equal(await balanceOf([ev1, ev2][winner]!), 50_00n - FEE, 'the winner escrowed the fee')
    assert.equal(await balanceOf([ev1, ev2][loser]!), 50_00n, 'the loser paid nothing')
    assert.equal(await client.readContract({ address: deployment.balanceProcess, abi: balanceProcessAbi, functionName: 'balanceOf', args: [deployment.batteryInterface] }), FEE)
    // Both nodes agree: the race was decided once, for the whole network.
    const other = createPublicClient({ transport: http(net.stations[1]!.httpUrl), pollingInterval: 250 }) as PublicClient
    const head = await client.getBlockNumber()
    await new Promise<void>((resolve) => {
      const stop = other.watchBlockNumber({ emitOnBegin: true, onBlockNumber: (n) => n >= head && (stop(), resolve()) })
    })
    const seen = await other.readContract({ address: deployment.batteryInterface, abi: batteryInterfaceAbi, functionName: 'holdOf', args: [batteryId], blockNumber: head })
    assert.equal(seen.evUnit, winner + 1)
  })
})
