import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodeFunctionData, size, type Hex } from 'viem'
import { evswapForwarderAbi } from '../../src/sdk/abi/evswapForwarder.js'
import { forwardRequestCalldataSize } from '../../src/rich/relay/forwardRequestCalldataSize.js'
import type { ForwardRequestData } from '../../src/rich/relay/toForwardRequestData.js'

const request = (dataBytes: number): ForwardRequestData => ({
  from: '0x1111111111111111111111111111111111111111',
  to: '0x2222222222222222222222222222222222222222',
  value: 0n,
  gas: 100_000n,
  deadline: 1_900_000_000,
  data: `0x${'ab'.repeat(dataBytes)}` as Hex,
  signature: `0x${'cd'.repeat(65)}` as Hex,
})

test('test_forwardRequestCalldataSize_sumsToTheEncodedBatch', () => {
  for (const sizes of [[132], [132, 4, 33, 0], Array.from({ length: 7 }, () => 132)]) {
    const requests = sizes.map(request)
    const calldata = encodeFunctionData({ abi: evswapForwarderAbi, functionName: 'executeBatch', args: [requests, '0x3333333333333333333333333333333333333333'] })
    const predicted = 4 + 32 * 3 + requests.reduce((a, r) => a + forwardRequestCalldataSize(r), 0)
    assert.equal(predicted, size(calldata), `data sizes ${sizes.join(', ')}`)
  }
})
