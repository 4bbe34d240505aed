import { existsSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { fsyncDirectorySync } from '../../shared/fs/fsyncDirectorySync.js'
import { PINNED_CHAIN_FILE } from './loadPinnedChain.js'

/**
 * Removes the device's pin, so that its next start enrols it again with its home station: the one way a
 * device moves to another chain or deployment, done on purpose by whoever runs it. Answers whether there
 * was a pin.
 *
 * @example
 * if (forgetPinnedChain('.evswap/device')) console.log('the next start enrols this device again')
 */
export function forgetPinnedChain(dir: string): boolean {
  const file = join(dir, PINNED_CHAIN_FILE)
  if (!existsSync(file)) return false
  unlinkSync(file)
  fsyncDirectorySync(dir)
  return true
}
