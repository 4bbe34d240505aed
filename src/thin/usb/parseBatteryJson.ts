import type { BatteryFileResult } from './batteryRecord.js'
import { MAX_BATTERY_FILE_BYTES } from './batteryRecord.js'
import { locateJsonSyntaxError } from './locateJsonSyntaxError.js'
import { validateBatteryObject } from './validateBatteryObject.js'

/**
 * Parses the text of a battery information file (Fig. 6 layout) into a record in chain units, or lists
 * every problem: JSON syntax errors with line, column and position, then each bad field by its path
 * (`dynamicInfo.SOC: 130 is over 100 (percent)`). Never throws, whatever the text.
 *
 * @param text the file content
 * @param file the file's name or path, for messages
 * @example
 * const result = parseBatteryJson(text, '/media/usb0/battery information.json')
 * if (!result.ok) console.error(formatBatteryErrors(result))
 */
export function parseBatteryJson(text: string, file: string): BatteryFileResult {
  try {
    if (text.length > MAX_BATTERY_FILE_BYTES) {
      return { ok: false, file, errors: [{ field: 'file', message: `is ${text.length} characters; a battery file is at most ${MAX_BATTERY_FILE_BYTES} bytes (is this the right file?)` }] }
    }
    // Editors on some systems save a byte order mark; it is not part of the JSON.
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
    let value: unknown
    try {
      value = JSON.parse(body)
    } catch (error) {
      const where = locateJsonSyntaxError(body)
      const message = where
        ? `syntax error at line ${where.line}, column ${where.column} (position ${where.position}): ${where.reason}`
        : `syntax error: ${(error as Error).message}`
      return { ok: false, file, errors: [{ field: 'JSON', message }] }
    }
    return validateBatteryObject(value, file)
  } catch (error) {
    // Nothing above should throw; if it ever does, a device must still report, not crash.
    return { ok: false, file, errors: [{ field: 'file', message: `could not be checked (${(error as Error)?.message ?? String(error)}); please report this as a bug` }] }
  }
}
