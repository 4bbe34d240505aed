import { link, open, rename, stat, unlink } from 'node:fs/promises'
import { atomicTempName } from './atomicTempName.js'
import { fsyncDirectory } from './fsyncDirectory.js'
import { dirname } from 'node:path'

/**
 * Creates `path` with `data` atomically and only if it does not exist yet: a temp file is written and
 * fsynced, then hard-linked to `path` (which fails if `path` exists, so two processes racing to create
 * cannot overwrite each other), then the folder is fsynced. For files whose loss would be unrecoverable,
 * like a device's only key.
 *
 * @returns false if `path` already existed (nothing was written)
 * @example
 * if (!(await createFileExclusive(file, json, 0o600))) json = await readFile(file, 'utf8')
 */
export async function createFileExclusive(path: string, data: string | Uint8Array, mode = 0o644): Promise<boolean> {
  const tmp = atomicTempName(path)
  const handle = await open(tmp, 'wx', mode)
  try {
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    try {
      await link(tmp, path)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EEXIST') return false
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error
      // No hard links here (FAT and some FUSE file systems): check then rename, which leaves only a tiny race.
      if (await stat(path).then(() => true, () => false)) return false
      await rename(tmp, path)
    }
    await fsyncDirectory(dirname(path))
    return true
  } finally {
    await unlink(tmp).catch(() => undefined)
  }
}
