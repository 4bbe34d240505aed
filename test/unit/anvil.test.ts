import { strict as assert } from 'node:assert'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { createPublicClient, createWalletClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { startAnvil } from '../../src/rich/node/startAnvil.js'
import { deployEvswap } from '../../src/sdk/deployEvswap.js'
import { DEV_KEYS } from '../helpers/chain.js'
import { freePortRange } from '../helpers/freePort.js'

const dir = mkdtempSync(join(tmpdir(), 'evswap-anvil-'))
after(() => rmSync(dir, { recursive: true, force: true }))

test('test_startAnvil_keepsStateAcrossRestarts', async () => {
  const stateFile = join(dir, 'chain', 'state.json')
  const recordPath = join(dir, 'chain', 'deployment.json')
  const port = await freePortRange(1)
  const deployer = privateKeyToAccount(DEV_KEYS[0])
  const clients = (url: string) => {
    const transport = http(url)
    return { publicClient: createPublicClient({ transport, pollingInterval: 50 }), walletClient: createWalletClient({ account: deployer, transport, pollingInterval: 50 }) }
  }

  const first = await startAnvil({ port, stateFile, blockTime: 0.25 })
  let deployed: Awaited<ReturnType<typeof deployEvswap>>
  let code: string | undefined
  let height: bigint
  try {
    const c = clients(first.url)
    assert.equal(await c.publicClient.getChainId(), 31337)
    deployed = await deployEvswap({ ...c, superAccount: deployer.address, recordPath })
    assert.equal(deployed.reused, false)
    code = await c.publicClient.getCode({ address: deployed.batteryInterface })
    height = await c.publicClient.getBlockNumber()
  } finally {
    await first.stop()
  }
  await first.stop() // a second stop is harmless

  const second = await startAnvil({ port, stateFile, blockTime: 0.25 })
  try {
    const c = clients(second.url)
    assert.equal(await c.publicClient.getCode({ address: deployed.batteryInterface }), code)
    assert.ok((await c.publicClient.getBlockNumber()) >= height, 'the chain did not go back in height')
    const again = await deployEvswap({ ...c, superAccount: deployer.address, recordPath })
    assert.equal(again.reused, true)
    assert.equal(again.batteryInterface, deployed.batteryInterface)
  } finally {
    await second.stop()
  }
})

test('test_startAnvil_RevertWhen_portTaken', async () => {
  const port = await freePortRange(1)
  const a = await startAnvil({ port, stateFile: join(dir, 'a', 'state.json'), blockTime: 0.25 })
  try {
    await assert.rejects(startAnvil({ port, stateFile: join(dir, 'b', 'state.json'), chainId: 4242, timeoutMs: 5000 }), /anvil did not start/)
  } finally {
    await a.stop()
  }
})
