import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { EvswapError } from '../../sdk/errors/EvswapError.js'

/**
 * The folder of the evswap package (the one whose package.json is named "evswap"), found by walking up
 * from this file. Works the same from `src/` under tsx and from `dist/` after a build, and does not
 * depend on the current directory.
 *
 * @example
 * const root = findPackageRoot() // '/work/main'
 */
export function findPackageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'evswap') return dir
      } catch {
        // an unreadable package.json is not ours: keep walking up
      }
    }
    if (dirname(dir) === dir) {
      throw new EvswapError('cannot find the evswap package folder', {
        details: `walked up from ${from}`,
        hint: 'run evswap from its installed package (npm install in the repository)',
      })
    }
  }
}
