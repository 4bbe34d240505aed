import { existsSync, renameSync, mkdirSync } from 'node:fs'
import { join, resolve, isAbsolute } from 'node:path'
import { parseArgs } from '../parseArgs.js'
import { BATTERY_FILE_NAME } from '../../thin/usb/batteryRecord.js'

const usage = 'evswap usb move BATTERY FROM TO [--dir .evswap/demo]   (FROM/TO: ev, station1, station2, or a USB folder path)'

/** The physical exchange of a battery: moves its USB folder from one device's slots to another's. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs(args, { dir: { type: 'string' } }, usage)
  const [verb, battery, from, to] = positionals
  if (verb !== 'move' || !battery || !from || !to) {
    console.error(`usage: ${usage}`)
    return 2
  }
  const dir = resolve(values.dir ?? '.evswap/demo')
  const slot = (d: string) => (isAbsolute(d) || d.includes('/') ? resolve(d) : join(dir, d, 'usb'))
  const src = join(slot(from), battery)
  if (!existsSync(join(src, BATTERY_FILE_NAME))) {
    console.error(`evswap usb: no battery "${battery}" in ${slot(from)} (expected ${join(src, BATTERY_FILE_NAME)})`)
    return 1
  }
  const dst = join(slot(to), battery)
  if (existsSync(dst)) {
    console.error(`evswap usb: ${dst} exists already; a slot holds one battery of a name`)
    return 1
  }
  mkdirSync(slot(to), { recursive: true })
  renameSync(src, dst)
  console.log(`moved ${battery}: ${slot(from)} -> ${slot(to)}`)
  return 0
}
