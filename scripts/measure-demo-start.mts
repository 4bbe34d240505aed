// How long the Fig. 7 demo takes to start from nothing (`evswap start` on a new folder, and every test that
// starts a demo): anvil, the contracts, two stations with their indexes, the super account's setup of the
// network, the EV's device, and every battery registered and written back into its file. Then how long a
// second start on the same folder takes (state on disk: nothing to deploy or set up). K runs each, printed
// one per line and as the median.
// Run: node --import tsx scripts/measure-demo-start.mts [K, default 5]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDemo } from '../src/rich/startDemo.js'
import { freePortRange } from '../test/helpers/freePort.js'

const runs = Number(process.argv[2] ?? 5)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const first: number[] = []
const again: number[] = []
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'evswap-demo-start-'))
  const basePort = await freePortRange(5)
  try {
    for (const into of [first, again]) {
      const t0 = performance.now()
      const demo = await startDemo({ dir, basePort, quiet: true })
      into.push(performance.now() - t0)
      await demo.stop()
    }
    console.log(`run ${i + 1}: first start ${(first.at(-1)! / 1000).toFixed(2)} s, second start ${(again.at(-1)! / 1000).toFixed(2)} s`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
console.log(`median of ${runs}: first start ${(median(first) / 1000).toFixed(2)} s, second start ${(median(again) / 1000).toFixed(2)} s`)
