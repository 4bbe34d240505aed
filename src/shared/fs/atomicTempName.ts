import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'

/**
 * A fresh temp file name beside `path`, for an atomic replace: same folder, because `rename` is only atomic
 * within one file system; a leading dot, so file listings and the USB scanner pass over it.
 *
 * @example
 * atomicTempName('/media/usb0/battery information.json') // '/media/usb0/.battery information.json.3f9a0c1b2d4e.tmp'
 */
export function atomicTempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
}

/** True for a name made by {@link atomicTempName}: a write a crash interrupted, safe to delete. */
export function isAtomicTempFile(name: string): boolean {
  return /^\..+\.[0-9a-f]{12}\.tmp$/.test(name)
}
