import { open, rename, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'
import { atomicTempName } from './atomicTempName.js'
import { fsyncDirectory } from './fsyncDirectory.js'

export type WriteFileAtomicParameters = {
  /** File mode for the written file, e.g. `0o600` for secrets. Default `0o644`. */
  mode?: number
}

/**
 * Replaces `path` with `data` so that a reader (or a reboot) sees either the old content or the new content,
 * never a mix: writes a temp file in the same folder, fsyncs it, renames it over `path`, then fsyncs the
 * folder so the rename itself survives a power cut. A crash can leave a temp file behind (see
 * `isAtomicTempFile`); it is never read as `path`. {@link writeFileAtomicSync} is the same, blocking.
 *
 * @example
 * await writeFileAtomic(`${dir}/entry.json`, JSON.stringify(entry))
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, params: WriteFileAtomicParameters = {}): Promise<void> {
  const tmp = atomicTempName(path)
  const handle = await open(tmp, 'wx', params.mode ?? 0o644)
  let renamed = false
  try {
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(tmp, path)
    renamed = true
    await fsyncDirectory(dirname(path))
  } finally {
    // The temp file holds nothing that is not still in the caller's memory.
    if (!renamed) await unlink(tmp).catch(() => undefined)
  }
}
