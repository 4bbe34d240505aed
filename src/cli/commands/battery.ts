// `evswap battery check FILE`: validate a battery information file (the paper's Fig. 6) and print it normalized.
import { batteryToFileJson } from '../../thin/usb/batteryToFileJson.js'
import { formatBatteryErrors } from '../../thin/usb/formatBatteryErrors.js'
import { readBatteryFile } from '../../thin/usb/readBatteryFile.js'
import { formatUsage } from '../formatUsage.js'
import { parseArgs } from '../parseArgs.js'
import { UsageError } from '../UsageError.js'

const check = formatUsage({
  synopsis: 'evswap battery check FILE',
  what:
    'Validates a battery information file (the paper\'s Fig. 6, "battery information.json") and prints it\n' +
    'normalized (file units, numbers only) as JSON. Exit 0 if valid, 1 if not (every bad field is listed\n' +
    'on stderr), 2 on bad usage. A file with an EU battery passport prints its "passport" section\n' +
    '(kWh, Ah, cycles, %, chemistry, V) and its "condition" section (kWh, Ah, events, hours; a field\n' +
    'the battery management system did not report is left out) the same way; see docs/passport.md.',
  args: [['FILE', 'the battery file; quote a path with spaces. A file named like a flag goes after --']],
  examples: ['npx evswap battery check ".evswap/demo/ev/usb/TOY-1/battery information.json"'],
})

/** Usage of `evswap battery` and of its one subcommand, `check`. */
export const help: Record<string, string> = {
  '': check.replace('usage: evswap battery check FILE', 'usage: evswap battery check FILE\n\nSubcommands: check.'),
  check,
}

/**
 * Runs `evswap battery <subcommand>`; returns the process exit code (0 valid, 1 invalid file, 2 bad usage).
 *
 * @example
 * process.exitCode = await run(['check', '/media/usb0/battery information.json'])
 */
export async function run(args: string[]): Promise<number> {
  const { positionals } = parseArgs(args, {})
  const [sub, ...files] = positionals
  if (sub !== 'check') throw new UsageError(sub === undefined ? 'say what to do: battery check FILE' : `there is no subcommand "${sub}"; the one subcommand is check`)
  if (files.length !== 1 || files[0] === '') {
    throw new UsageError(`expected exactly one FILE, got ${files.length}${files.length > 1 ? ' (quote a path with spaces: "battery information.json")' : ''}`)
  }
  const result = readBatteryFile(files[0]!)
  if (!result.ok) {
    process.stderr.write(`${formatBatteryErrors(result)}\n`)
    return 1
  }
  // batteryToFileJson re-checks the record; it cannot fail on one readBatteryFile accepted, but if it ever
  // did, that is a bug to report, not a bad file.
  process.stdout.write(`${JSON.stringify(batteryToFileJson(result.battery), null, 2)}\n`)
  return 0
}
