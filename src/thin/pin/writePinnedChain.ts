import { join } from 'node:path'
import { writeFileAtomicSync } from '../../shared/fs/writeFileAtomicSync.js'
import type { PinnedChain } from '../verify/PinnedChain.js'
import { PINNED_CHAIN_FILE } from './loadPinnedChain.js'

/**
 * Writes the pin to `<dir>/pinned.json` atomically (a crash leaves the old pin or the new one), mode 0600
 * like the device's other files. Enrolment writes it; the header verification rewrites it as the signer
 * set moves.
 *
 * @example
 * writePinnedChain(dir, { ...pinned, clique: { ...pinned.clique!, signers, signersBlock } })
 */
export function writePinnedChain(dir: string, pinned: PinnedChain): void {
  writeFileAtomicSync(join(dir, PINNED_CHAIN_FILE), JSON.stringify(pinned, null, 2) + '\n', { mode: 0o600 })
}
