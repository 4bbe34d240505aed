import type { Hex } from 'viem'
import type { Deployment } from '../../src/sdk/deployment.js'
import type { SignedForwardRequest } from '../../src/sdk/forwarder/forwardRequestTypes.js'
import type { Rpc } from './createRpc.js'
import { mineBlock } from './mineBlock.js'
import type { PlannedBlock } from './PlannedBlock.js'

/** Blocks of the load, planned and signed before it starts. */
export type LoadBlock = { planned: PlannedBlock; signed: SignedForwardRequest[][] }

export type ChainLoad = {
  /** Stops mining; answers when each block was mined (ms since the epoch, block number) and the events mined. */
  stop(): Promise<{ mined: [number, number][]; events: number }>
}

/**
 * The traffic that arrives while the questions are timed: one block a second, each the next of `blocks`
 * (the same blocks, signed once, for every engine, on a chain reverted to the same snapshot), with the
 * block time of the wall clock. The signing was done before, so the load costs this process only the
 * sending; anvil's own work is the network's.
 *
 * @example
 * const load = startChainLoad(rpc, deployment, blocks)
 * ...
 * const { mined, events } = await load.stop()
 */
export function startChainLoad(rpc: Rpc, d: Deployment, blocks: readonly LoadBlock[], intervalMs = 1000): ChainLoad {
  const mined: [number, number][] = []
  let events = 0
  let stopped = false
  let next = 0
  const loop = (async () => {
    let last = Number((await rpc<{ timestamp: Hex }>('eth_getBlockByNumber', ['latest', false])).timestamp)
    const t0 = performance.now()
    while (!stopped && next < blocks.length) {
      const b = blocks[next]!
      last = Math.max(last + 1, Math.floor(Date.now() / 1000))
      const r = await mineBlock(rpc, d, b.planned, b.signed, last)
      mined.push([Date.now(), r.number])
      events += r.events
      next += 1
      const wait = t0 + next * intervalMs - performance.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    }
  })()
  return {
    async stop() {
      stopped = true
      await loop
      return { mined, events }
    },
  }
}
