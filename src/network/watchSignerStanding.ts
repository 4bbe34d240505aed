import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Address, getAddress, isAddressEqual } from 'viem'
import { nodeRpc } from './nodeRpc.js'
import type { GethNode } from './types.js'

/**
 * Where a station stands among the signers: `signer`; `voted_out` (it was one, in the genesis or since it
 * ran here, and is no longer); `not_yet` (joined, not voted in); `unknown` until its node first answers.
 */
export type SignerStanding = 'signer' | 'voted_out' | 'not_yet' | 'unknown'

export type SignerStandingWatch = {
  standing(): SignerStanding
  stop(): void
}

export type WatchSignerStandingOptions = {
  /** How often to ask the node (default 5 s). */
  intervalMs?: number
  /** Called when the standing changes (the first answer included). */
  onChange?: (standing: SignerStanding) => void
}

/** Marks, in the node's datadir, that this signer was once in the set: a restart after a vote-out still knows. */
const SEEN_FILE = 'evswap-was-signer'

/**
 * Follows whether this station's signer is in the chain's Clique signer set, from its own node. A station
 * the signers voted out (compromised, or closed) must stop serving devices, so that they fail over to
 * another; the station API turns `voted_out` into 503 for device traffic.
 *
 * @example
 * const watch = watchSignerStanding(station, { onChange: (s) => log(`signer standing: ${s}`) })
 * if (watch.standing() === 'voted_out') refuse()
 */
export function watchSignerStanding(node: Pick<GethNode, 'httpUrl' | 'datadir' | 'netns' | 'etherbase'>, options: WatchSignerStandingOptions = {}): SignerStandingWatch {
  const signer = getAddress(node.etherbase)
  const seenFile = join(node.datadir, SEEN_FILE)
  let standing: SignerStanding = 'unknown'
  let genesisSigner: boolean | undefined
  let stopped = false
  let timer: NodeJS.Timeout | undefined

  const has = (set: Address[]) => set.some((a) => isAddressEqual(a, signer))
  async function check(): Promise<void> {
    genesisSigner ??= has(await nodeRpc<Address[]>(node, 'clique_getSigners', ['0x0']))
    const now = has(await nodeRpc<Address[]>(node, 'clique_getSigners', ['latest']))
    if (now && !existsSync(seenFile)) writeFileSync(seenFile, `${signer}\n`)
    const next: SignerStanding = now ? 'signer' : genesisSigner || existsSync(seenFile) ? 'voted_out' : 'not_yet'
    if (next !== standing) {
      standing = next
      options.onChange?.(next)
    }
  }
  const loop = () => {
    // A node that does not answer leaves the standing as it was: liveness is another watch's business.
    void check()
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, options.intervalMs ?? 5000)
      })
  }
  loop()
  return {
    standing: () => standing,
    stop() {
      stopped = true
      clearTimeout(timer)
    },
  }
}
