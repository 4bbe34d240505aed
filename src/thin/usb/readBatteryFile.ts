import { closeSync, openSync, readSync } from 'node:fs'
import type { BatteryFileResult } from './batteryRecord.js'
import { BATTERY_FILE_NAME, MAX_BATTERY_FILE_BYTES } from './batteryRecord.js'
import { parseBatteryJson } from './parseBatteryJson.js'

/**
 * Reads and checks a battery information file, returning the record in chain units or every problem found.
 * Never throws: a missing, unreadable, oversized, non-UTF-8 or malformed file is a result with `ok: false`
 * and errors that say what to do, because a USB disk pulled mid-read must not stop the agent.
 *
 * Synchronous on purpose: the file is at most 64 KiB on a local disk, and callers (the consistency check,
 * the CLI) want the answer before doing anything else.
 *
 * @example
 * const result = readBatteryFile('/media/usb0/battery information.json')
 * if (result.ok) console.log(result.battery.batteryId)
 * else console.error(formatBatteryErrors(result))
 */
export function readBatteryFile(path: string): BatteryFileResult {
  const fail = (message: string): BatteryFileResult => ({ ok: false, file: path, errors: [{ field: 'file', message }] })
  let bytes: Buffer
  try {
    const fd = openSync(path, 'r')
    try {
      // Read at most cap + 1 bytes rather than trusting stat: the file may grow, or be a device like /dev/zero.
      const buffer = Buffer.alloc(MAX_BATTERY_FILE_BYTES + 1)
      let length = 0
      for (;;) {
        const bytesRead = readSync(fd, buffer, length, buffer.length - length, null)
        if (bytesRead === 0) break
        length += bytesRead
        if (length === buffer.length) break
      }
      if (length > MAX_BATTERY_FILE_BYTES) {
        return fail(`is over ${MAX_BATTERY_FILE_BYTES} bytes; a battery file is a few hundred bytes (is this the right file?)`)
      }
      bytes = buffer.subarray(0, length)
    } finally {
      closeSync(fd)
    }
  } catch (error) {
    return fail(describeFsError(error, path))
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return fail('is not UTF-8 text; it may be damaged or not a battery file. Restore it from a backup or re-create it')
  }
  return parseBatteryJson(text, path)
}

function describeFsError(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOENT':
      return `not found; check the path, or insert the battery's USB disk (${path})`
    case 'EISDIR':
      return `is a folder; pass the "${BATTERY_FILE_NAME}" file inside it`
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read (permission denied); check the file and USB mount permissions'
    case 'ENOTDIR':
      return 'not found: a part of the path is a file, not a folder; check the path'
    default:
      return `cannot be read (${code ?? (error as Error)?.message ?? String(error)}); check that the USB disk is mounted and not damaged`
  }
}
