import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { EvswapError } from '../../sdk/errors/EvswapError.js'
import type { PinnedChain } from '../verify/PinnedChain.js'
import { parseChainShape } from './parseChainShape.js'

/** The pin's file in the device's folder. */
export const PINNED_CHAIN_FILE = 'pinned.json'

/**
 * The chain this device was enrolled on (`<dir>/pinned.json`), or undefined before its first start. The
 * file is checked as strictly as a station's answer: a pin that cannot be read is never replaced silently.
 *
 * @throws EvswapError naming the file, when it is not a pin
 * @example
 * const pinned = loadPinnedChain('.evswap/device')
 * pinned?.genesisHash // '0x…'
 */
export function loadPinnedChain(dir: string): PinnedChain | undefined {
  const file = join(dir, PINNED_CHAIN_FILE)
  if (!existsSync(file)) return undefined
  let problem: string
  try {
    const shape = parseChainShape(JSON.parse(readFileSync(file, 'utf8')))
    if (typeof shape !== 'string') return shape
    problem = `it lacks ${shape}`
  } catch (e) {
    problem = `it is not JSON (${e instanceof Error ? e.message : String(e)})`
  }
  throw new EvswapError(`${file} is not a readable pin of the chain this device was enrolled on: ${problem}`, {
    hint: 'restore it from a backup, or re-enrol the device on purpose with `evswap device pin --reset --dir DIR`',
    code: 'PIN_UNREADABLE',
  })
}
