import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { NetworkError } from './NetworkError.js'

/**
 * Finds the geth binary that can seal Clique (v1.13.15): `$EVSWAP_GETH` if set, else `tools/bin/geth` at the
 * repository root (this file sits two levels below it, in `src/network` or `dist/network`).
 *
 * @example
 * const geth = resolveGethBinary() // '/repo/tools/bin/geth'
 */
export function resolveGethBinary(explicit?: string): string {
  const fromEnv = explicit ?? process.env.EVSWAP_GETH
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new NetworkError(`geth binary not found at ${fromEnv}`, { hint: 'fix EVSWAP_GETH or unset it to use tools/bin/geth' })
    }
    return fromEnv
  }
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
  const bundled = join(root, 'tools', 'bin', 'geth')
  if (!existsSync(bundled)) {
    throw new NetworkError(`geth binary not found at ${bundled}`, {
      hint: 'run scripts/install-geth.sh (builds geth v1.13.15, the last release that seals Clique), or set EVSWAP_GETH',
    })
  }
  return bundled
}
