// runAsOneBatch on a real anvil chain with the real forwarder: a super account's calls run in one block, as
// the demo's first start sets its network up; a call that does not run is named, not passed over.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import { grantECoinCall } from '../../src/sdk/calls/grantECoinCall.js'
import { registerEVOwnerCall } from '../../src/sdk/calls/registerEVOwnerCall.js'
import { getAccount } from '../../src/sdk/reads/getAccount.js'
import { runAsOneBatch } from '../../src/rich/runAsOneBatch.js'
import { startTestChain, type TestChain } from '../helpers/chain.js'

let chain: TestChain
before(async () => {
  chain = await startTestChain()
})
after(() => chain?.stop())

const run = (calls: Parameters<typeof runAsOneBatch>[0]['calls']) =>
  runAsOneBatch({ publicClient: chain.publicClient, walletClient: chain.wallet(1), deployment: chain.deployment, account: chain.superAccount, calls })

test('the calls run in order, in one block, as the account, paid by the sender', async () => {
  const owner = privateKeyToAddress(generatePrivateKey())
  const superEther = await chain.publicClient.getBalance({ address: chain.superAccount.address })
  const block = await run([registerEVOwnerCall(chain.deployment, { account: owner, evId: 41 }), grantECoinCall(chain.deployment, { to: owner, amount: 12_34n })])
  const account = await getAccount(chain.publicClient, chain.deployment, owner)
  assert.deepEqual([account.role, account.unit, account.balance], ['EVOwner', 41, 12_34n])
  assert.equal(await chain.publicClient.getBlockNumber(), block, 'both in the block it answered, the last one')
  assert.equal(await chain.publicClient.getBalance({ address: chain.superAccount.address }), superEther, 'the super account paid no gas')
})

test('a call that reverts is named, with the transaction', async () => {
  const owner = privateKeyToAddress(generatePrivateKey())
  // EV 42 is registered by the first call: the second registration of the same account reverts.
  await assert.rejects(
    run([registerEVOwnerCall(chain.deployment, { account: owner, evId: 42 }), registerEVOwnerCall(chain.deployment, { account: owner, evId: 43 })]),
    (e: Error) => /^the batch of 2 calls did not run whole: call 2, registerEVOwner, failed \(transaction 0x[0-9a-f]{64}\)/.test(e.message),
  )
})
