import { resolve } from 'node:path'
import { startDemo } from '../../rich/startDemo.js'
import { parseArgs } from '../parseArgs.js'

const usage = 'evswap start [--dir .evswap/demo] [--port 7000] [--quiet]'

/** Starts the paper's Fig. 7 system on the embedded chain and prints each GUI's URL; Ctrl-C stops it (the chain is kept). */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs(args, { dir: { type: 'string' }, port: { type: 'string' }, quiet: { type: 'boolean' } }, usage)
  const dir = resolve(values.dir ?? '.evswap/demo')
  const demo = await startDemo({ dir, basePort: Number(values.port ?? 7000), quiet: values.quiet ?? false })
  console.log(`
evswap is running (state in ${dir}; Ctrl-C stops it, the chain and batteries are kept)
  super account GUI  ${demo.urls.super}
  station 1 GUI      ${demo.urls.station1}
  station 2 GUI      ${demo.urls.station2}
  EV GUI             ${demo.urls.ev}
Swap the USB disks after an approved swap with:
  npx evswap usb move TOY-1 ev station1 --dir ${dir}
`)
  await new Promise<void>((res) => {
    process.once('SIGINT', () => res())
    process.once('SIGTERM', () => res())
  })
  console.log('stopping (the chain state is saved)...')
  await demo.stop()
  return 0
}
