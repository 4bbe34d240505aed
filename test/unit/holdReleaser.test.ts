// Issue 17, section 3: "when it expires, the battery is free again, and the fee goes where the super account's
// rule says." On the demo (anvil): the EV holds station 1's battery through its device; the chain's clock is
// moved past the hold's end; station 1 releases the hold by itself, and its fee (1.00 E-coin in the demo's
// terms) is the station's.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPublicClient, http, type PublicClient } from 'viem'
import { startDemo, type Demo } from '../../src/rich/startDemo.js'
import { balanceProcessAbi } from '../../src/sdk/abi/balanceProcess.js'
import { batteryInterfaceAbi } from '../../src/sdk/abi/batteryInterface.js'
import { holdBatteryCall } from '../../src/sdk/calls/holdBatteryCall.js'
import { freePortRange } from '../helpers/freePort.js'

let demo: Demo
let dir: string
let basePort: number

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'evswap-hold-release-'))
  basePort = await freePortRange(5)
  demo = await startDemo({ dir, basePort, quiet: true, blockTime: 0.25 })
})
after(async () => {
  await demo?.stop()
  rmSync(dir, { recursive: true, force: true })
})

test('test_expiredHold_releasedByItsStation_feeToTheStation', { timeout: 120_000 }, async () => {
  const url = `http://127.0.0.1:${basePort}`
  const chain = createPublicClient({ transport: http(url), pollingInterval: 100 }) as PublicClient
  const d = demo.devices.ev.agent.deployment()
  const station = demo.devices.station1.device.agent
  const batteryId = station.batteries().find((b) => b.batteryId !== null)!.batteryId!
  const balance = (a: `0x${string}`) => chain.readContract({ address: d.balanceProcess, abi: balanceProcessAbi, functionName: 'balanceOf', args: [a] })
  const stationBefore = await balance(station.address)

  const held = await demo.devices.ev.agent.operate(holdBatteryCall(d, { batteryId }))
  assert.equal(held.status, 'confirmed', held.error)
  const hold = await chain.readContract({ address: d.batteryInterface, abi: batteryInterfaceAbi, functionName: 'holdOf', args: [batteryId] })
  assert.ok(hold.until > 0n)
  // Nothing is released while the hold runs: the next blocks are still before its end.
  const ended = new Promise<{ used: boolean; feeTo: string; fee: bigint }>((resolve) => {
    const stop = chain.watchContractEvent({
      address: d.batteryInterface,
      abi: batteryInterfaceAbi,
      eventName: 'BatteryHoldEnded',
      onLogs: (logs) => {
        const args = logs.find((l) => Number(l.args.batteryId) === batteryId)?.args
        if (args) {
          stop()
          resolve({ used: args.used!, feeTo: args.feeTo!, fee: args.fee! })
        }
      },
    })
  })
  const head = await chain.getBlock()
  assert.ok(head.timestamp < hold.until, 'the hold runs at the head')

  // Fifteen minutes on the chain's clock, in one step.
  await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'evm_increaseTime', params: [16 * 60] }) })
  const e = await ended
  assert.equal(e.used, false)
  assert.equal(e.feeTo, station.address, 'the demo terms pay an unused hold to the station')
  assert.equal(e.fee, 1_00n)
  assert.equal(await balance(station.address), stationBefore + 1_00n)
  const after = await chain.readContract({ address: d.batteryInterface, abi: batteryInterfaceAbi, functionName: 'holdOf', args: [batteryId] })
  assert.equal(after.until, 0n, 'the battery is free again')
})
