import { open } from 'node:fs/promises'

/**
 * Flushes a folder's entry list to disk, so that a file just created, renamed or removed in it survives a
 * power cut. Without this, `rename` is atomic but not durable: after a crash the folder may still list the
 * old file (or no file at all).
 *
 * Some file systems (and Windows) refuse to open or fsync a folder; there durability falls back to what the
 * file system gives, which is the best any program can do, so those errors are ignored.
 *
 * @example
 * await rename(tmp, file)
 * await fsyncDirectory(dirname(file))
 */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, 'r')
  } catch (error) {
    if (isUnsupported(error)) return
    throw error
  }
  try {
    await handle.sync()
  } catch (error) {
    if (!isUnsupported(error)) throw error
  } finally {
    await handle.close()
  }
}

function isUnsupported(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'ENOTSUP' || code === 'EBADF'
}
