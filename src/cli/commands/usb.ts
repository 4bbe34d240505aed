// `evswap usb move FOLDER FROM TO`: the physical exchange of a battery, on the demo's simulated USB disks.
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { BATTERY_FILE_NAME } from '../../thin/usb/batteryRecord.js'
import { EvswapError } from '../../sdk/errors/EvswapError.js'
import { formatUsage } from '../formatUsage.js'
import { parseArgs } from '../parseArgs.js'
import { UsageError } from '../UsageError.js'

/** The demo's devices, each with a USB folder at `<dir>/<name>/usb`. */
const DEVICES = ['ev', 'station1', 'station2']

const move = formatUsage({
  synopsis: 'evswap usb move FOLDER FROM TO [--dir .evswap/demo]',
  what:
    "Moves a battery's folder (its simulated USB disk) from one device's USB folder to another's: the\n" +
    'physical exchange after an approved swap. `evswap start` prints the exact moves that are due.',
  args: [
    ['FOLDER', 'the battery\'s folder name, e.g. TOY-1 (the demo\'s EV battery), BYD-1, SUM-1'],
    ['FROM, TO', `a demo device (${DEVICES.join(', ')}) or a USB folder path (with a /)`],
    ['--dir DIR', "the demo's state folder (default .evswap/demo)"],
  ],
  examples: ['npx evswap usb move TOY-1 ev station1', 'npx evswap usb move BYD-1 station1 ev --dir .evswap/demo'],
})

/** Usage of `evswap usb` and of its one subcommand, `move`. */
export const help: Record<string, string> = { '': move, move }

/**
 * Moves a battery's USB folder from one device's slots to another's; returns the exit code.
 *
 * @example
 * process.exitCode = await run(['move', 'TOY-1', 'ev', 'station1'])
 */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs(args, { dir: { type: 'string' } })
  const [verb, battery, from, to, ...extra] = positionals
  if (verb !== 'move') throw new UsageError(verb === undefined ? 'say what to do: usb move FOLDER FROM TO' : `there is no subcommand "${verb}"; the one subcommand is move`)
  if (!battery || !from || !to) throw new UsageError(`usb move needs FOLDER, FROM and TO; got ${positionals.length - 1} of the 3`)
  if (extra.length) throw new UsageError(`usb move takes 3 arguments; "${extra.join(' ')}" is too many`)
  const dir = resolve(values.dir ?? '.evswap/demo')
  const slot = (d: string) => {
    if (isAbsolute(d) || d.includes('/')) return resolve(d)
    if (!DEVICES.includes(d)) throw new UsageError(`there is no device "${d}" in the demo; name one of ${DEVICES.join(', ')}, or give a USB folder path`)
    return join(dir, d, 'usb')
  }
  const [fromSlot, toSlot] = [slot(from), slot(to)]
  const src = join(fromSlot, battery)
  if (!existsSync(join(src, BATTERY_FILE_NAME))) {
    const here = existsSync(fromSlot) ? readdirSync(fromSlot).filter((f) => existsSync(join(fromSlot, f, BATTERY_FILE_NAME))) : undefined
    throw new EvswapError(`there is no battery folder "${battery}" in ${fromSlot}`, {
      hint: here === undefined
        ? `${fromSlot} does not exist: check --dir (the demo's state folder, default .evswap/demo) and start the demo once`
        : here.length ? `the battery folders there are ${here.join(', ')}; \`npx evswap start\` lists the moves that are due` : 'that USB folder is empty; the battery may already have been moved',
    })
  }
  const dst = join(toSlot, battery)
  if (existsSync(dst)) throw new EvswapError(`${dst} exists already; a USB folder holds one battery folder of a name`, { hint: 'move or rename the one that is there first' })
  mkdirSync(toSlot, { recursive: true })
  renameSync(src, dst)
  console.log(`moved ${battery}: ${fromSlot} -> ${toSlot}`)
  return 0
}
