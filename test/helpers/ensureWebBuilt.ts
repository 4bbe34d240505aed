import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'vite'
import { ROOT } from './ensureBuilt.js'

/**
 * Builds the GUI into dist/web unless it is newer than every file of src/web: each e2e file used to build
 * it again (3 to 10 s), though `npm test` builds it once before them all.
 *
 * @example
 * await ensureWebBuilt()
 */
export async function ensureWebBuilt(): Promise<void> {
  const built = mtimeOr0(join(ROOT, 'dist/web/index.html'))
  if (built > 0 && newestUnder(join(ROOT, 'src/web')) < built) return
  process.env.EVSWAP_WEB_SKIP_TYPECHECK = '1'
  await build({ configFile: join(ROOT, 'src/web/vite.config.ts'), logLevel: 'warn' })
}

function mtimeOr0(path: string): number {
  try {
    return statSync(path).mtimeMs
  } catch {
    return 0
  }
}

function newestUnder(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newestUnder(join(dir, e.name)) : mtimeOr0(join(dir, e.name)))),
  )
}
