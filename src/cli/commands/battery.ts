// `evswap battery check FILE`: validate a battery information file (the paper's Fig. 6) and print it normalized.
import { batteryToFileJson } from '../../thin/usb/batteryToFileJson.js'
import { formatBatteryErrors } from '../../thin/usb/formatBatteryErrors.js'
import { readBatteryFile } from '../../thin/usb/readBatteryFile.js'

const usage = `usage: evswap battery check FILE

  check FILE   validate a battery information file ("battery information.json") and print it
               normalized (file units, numbers only) as JSON. Exit 0 if valid, 1 if not (every bad
               field is listed on stderr), 2 on bad usage.
`

/**
 * Runs `evswap battery <subcommand>`; returns the process exit code (0 valid, 1 invalid file, 2 bad usage).
 *
 * @example
 * process.exitCode = await run(['check', '/media/usb0/battery information.json'])
 */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(usage)
    return 0
  }
  if (sub !== 'check') {
    process.stderr.write(`${sub === undefined ? 'evswap battery: missing subcommand' : `evswap battery: unknown subcommand "${sub}"`}\n\n${usage}`)
    return 2
  }
  if (rest.length !== 1 || rest[0] === undefined || rest[0] === '') {
    process.stderr.write(`evswap battery check: expected exactly one FILE, got ${rest.length}${rest.length > 1 ? ' (quote a path with spaces: "battery information.json")' : ''}\n\n${usage}`)
    return 2
  }
  const result = readBatteryFile(rest[0])
  if (!result.ok) {
    process.stderr.write(`${formatBatteryErrors(result)}\n`)
    return 1
  }
  // batteryToFileJson re-checks the record; it cannot fail on one readBatteryFile accepted, but if it ever
  // did, that is a bug to report, not a bad file.
  process.stdout.write(`${JSON.stringify(batteryToFileJson(result.battery), null, 2)}\n`)
  return 0
}
