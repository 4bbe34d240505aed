import type { Hash } from 'viem'
import type { Journal } from './createJournal.js'
import type { IndexedEvent } from '../../../src/rich/events/IndexedEvent.js'

export type CreateRecentBlocksParameters = {
  /** How many of the newest blocks are kept undoable; older ones are taken as final. */
  reorgDepth: number
  /** Records each block's changes while it is applied. */
  journal: Journal
  /** Told of each event of an undone block, newest first. */
  onRemoved(e: IndexedEvent): void
}

export type RecentBlocks = {
  /** Applies one block through `applyBlock`, keeping the undo of each change it makes. */
  record(number: bigint, hash: Hash, applyBlock: () => IndexedEvent[]): void
  /** The newest block kept, or undefined when none is (after a catch-up in chunks, or at start). */
  newest(): { number: bigint; hash: Hash } | undefined
  /** Undoes the newest block kept and tells which events are gone; answers its number. */
  undoNewest(): bigint
  /** Keeps none: the blocks before are final (applied in chunks), or forgotten (indexing again). */
  forget(): void
  /** Blocks undone since start. */
  undone(): number
}

/**
 * The chain index's reorganization handling: the newest `reorgDepth` blocks, oldest first, each with the
 * undo of every change it made. A fork replaces the newest blocks; running a block's undos last to first
 * puts the index back as it was before it, so the replacing blocks can be applied in its place.
 *
 * @example
 * const recent = createRecentBlocks({ reorgDepth: 64, journal, onRemoved: (e) => events.emit('removed', e) })
 * recent.record(block.number, block.hash, () => state.applyLogs(logs, block.timestamp))
 */
export function createRecentBlocks(p: CreateRecentBlocksParameters): RecentBlocks {
  const blocks: { number: bigint; hash: Hash; events: IndexedEvent[]; undos: (() => void)[] }[] = []
  let undone = 0
  return {
    record(number, hash, applyBlock) {
      const undos: (() => void)[] = []
      p.journal.record(undos)
      try {
        blocks.push({ number, hash, events: applyBlock(), undos })
      } finally {
        p.journal.stop()
      }
      if (blocks.length > p.reorgDepth) blocks.shift()
    },
    newest() {
      const b = blocks.at(-1)
      return b && { number: b.number, hash: b.hash }
    },
    undoNewest() {
      const b = blocks.pop()!
      for (const undo of b.undos.reverse()) undo()
      for (const e of b.events.reverse()) p.onRemoved(e)
      undone += 1
      return b.number
    },
    forget() {
      blocks.length = 0
    },
    undone: () => undone,
  }
}
