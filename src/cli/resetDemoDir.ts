import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { EvswapError } from '../sdk/errors/EvswapError.js'

/** What a demo's state folder holds: the chain (anvil's state, the deployment) and the super account's device. */
const DEMO_MARKERS = ['chain', 'super']

/**
 * Deletes the demo's state folder so `evswap start` begins from nothing: a new chain, new keys, the Fig. 7
 * batteries. Says what it deletes before it does. Refuses a folder that does not look like a demo's (neither
 * chain/ nor super/ inside), so a mistyped --dir cannot delete someone's files.
 *
 * @throws EvswapError when `dir` is not a folder or not a demo's
 * @example
 * resetDemoDir('/home/me/evswap/.evswap/demo', console.log)
 */
export function resetDemoDir(dir: string, say: (line: string) => void): void {
  if (!existsSync(dir)) {
    say(`--reset: ${dir} does not exist yet, nothing to delete`)
    return
  }
  if (!statSync(dir).isDirectory()) throw new EvswapError(`--reset: ${dir} is a file, not a demo's state folder`, { hint: 'pass the --dir the demo was started with' })
  const entries = readdirSync(dir)
  if (entries.length > 0 && !DEMO_MARKERS.some((m) => entries.includes(m))) {
    throw new EvswapError(`--reset will not delete ${dir}: it does not look like a demo's state folder (it has neither chain/ nor super/ inside)`, {
      hint: 'pass the --dir the demo was started with (default .evswap/demo), or delete that folder yourself if you are sure',
    })
  }
  say(`--reset: deleting ${dir} (the demo's chain, device keys and battery disks) to start fresh`)
  rmSync(dir, { recursive: true, force: true })
}
