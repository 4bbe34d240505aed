import { closeSync, fsyncSync, openSync } from 'node:fs'

/**
 * The blocking twin of `fsyncDirectory`: flushes a folder's entry list so a rename in it survives a power
 * cut. Ignores the errors of file systems that cannot fsync a folder, where nothing better is possible.
 */
export function fsyncDirectorySync(dir: string): void {
  let fd: number
  try {
    fd = openSync(dir, 'r')
  } catch (error) {
    if (isUnsupported(error)) return
    throw error
  }
  try {
    fsyncSync(fd)
  } catch (error) {
    if (!isUnsupported(error)) throw error
  } finally {
    closeSync(fd)
  }
}

function isUnsupported(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'ENOTSUP' || code === 'EBADF'
}
