import { openSync, writeSync, fsyncSync, closeSync, renameSync, mkdirSync } from 'node:fs'
import { dirname, basename, join } from 'node:path'

/**
 * Replaces `path` with `text` so a crash leaves either the old or the new file, never half of one:
 * write a temp file beside it, fsync, rename over, fsync the folder.
 */
export function writeFileAtomic(path: string, text: string, mode = 0o644): void {
  const dir = dirname(path)
  mkdirSync(dir, { recursive: true })
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`)
  const fd = openSync(tmp, 'w', mode)
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, path)
  const dfd = openSync(dir, 'r')
  try {
    fsyncSync(dfd)
  } finally {
    closeSync(dfd)
  }
}
