import type { BatteryFileResult } from './batteryRecord.js'

/**
 * Human text for a failed battery file check: the file, then each bad field on its own line.
 * Returns a one-line "is a valid battery file" for a successful result, so callers need not branch.
 *
 * @example
 * // /media/usb0/battery information.json: 2 problems
 * //   dynamicInfo.SOC: 130 is over 100 (percent)
 * //   dynamicInfo.price: -5 is negative; expected E-coin >= 0 with at most 2 decimals
 * // Fix these fields in the file, then run `evswap battery check "<file>"` again.
 * console.error(formatBatteryErrors(result))
 */
export function formatBatteryErrors(result: BatteryFileResult): string {
  if (result.ok) return `${result.file}: is a valid battery file`
  const count = result.errors.length
  const lines = [`${result.file}: ${count} problem${count === 1 ? '' : 's'}`]
  for (const { field, message } of result.errors) lines.push(`  ${field}: ${message}`)
  lines.push(`Fix ${count === 1 ? 'this' : 'these'} in the file, then run \`evswap battery check ${JSON.stringify(result.file)}\` again.`)
  return lines.join('\n')
}
