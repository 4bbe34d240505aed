import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { atomicTempName } from './atomicTempName.js'
import { fsyncDirectorySync } from './fsyncDirectorySync.js'
import type { WriteFileAtomicParameters } from './writeFileAtomic.js'

/**
 * The blocking twin of `writeFileAtomic`: temp file in the same folder, fsync, rename over `path`, fsync the
 * folder. For small files (a battery file is a few hundred bytes) where a plain call is simpler for callers.
 *
 * @example
 * writeFileAtomicSync('/media/usb0/battery information.json', text)
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, params: WriteFileAtomicParameters = {}): void {
  const tmp = atomicTempName(path)
  const fd = openSync(tmp, 'wx', params.mode ?? 0o644)
  let renamed = false
  try {
    try {
      writeFileSync(fd, data)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, path)
    renamed = true
    fsyncDirectorySync(dirname(path))
  } finally {
    if (!renamed) {
      try {
        unlinkSync(tmp)
      } catch {
        // Best effort: the temp file holds nothing that is not still in the caller's memory.
      }
    }
  }
}
