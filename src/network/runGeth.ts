import { spawnSync } from 'node:child_process'
import { NetworkError } from './NetworkError.js'

/**
 * Runs a short-lived geth subcommand (init, account import) to completion and returns its combined output.
 * Throws with geth's own output when it exits non-zero, since that output is what explains the failure.
 *
 * @example
 * runGeth(geth, ['init', '--datadir', dir, genesisPath])
 */
export function runGeth(geth: string, args: string[]): string {
  const result = spawnSync(geth, args, { encoding: 'utf8', timeout: 60_000 })
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
  if (result.error || result.status !== 0) {
    throw new NetworkError(`geth ${args[0]} failed (exit ${result.status ?? 'none'})`, {
      details: (result.error?.message ?? '') + output.trim().split('\n').slice(-15).join('\n'),
      hint: 'check the geth output above; `evswap network init --force` starts from a clean directory',
    })
  }
  return output
}
