/** The changes made to the index's maps, sets and objects, each with its undo while recording. */
export type Journal = {
  /** Records the undo of every change from now into `undos` until {@link Journal.stop}. */
  record(undos: (() => void)[]): void
  stop(): void
  set<K, V>(map: Map<K, V>, key: K, value: V): void
  add<T>(set: Set<T>, value: T): void
  delete<T>(set: Set<T>, value: T): void
  assign<O extends object, F extends keyof O>(object: O, field: F, value: O[F]): void
  push<T>(array: T[], value: T): void
}

/**
 * Mutations that can be taken back. The chain index applies each block's events through it, and keeps the
 * undos of the blocks a chain reorganization may still replace; running a block's undos last to first puts
 * every map, set and object back as it was before the block.
 *
 * @example
 * const undos: (() => void)[] = []
 * journal.record(undos)
 * journal.set(balances, account, 100n)
 * journal.stop()
 * for (const undo of undos.reverse()) undo()
 */
export function createJournal(): Journal {
  let undos: (() => void)[] | undefined
  return {
    record(list) {
      undos = list
    },
    stop() {
      undos = undefined
    },
    set(map, key, value) {
      if (undos) {
        const had = map.has(key)
        const old = map.get(key)
        undos.push(() => (had ? map.set(key, old as never) : map.delete(key)))
      }
      map.set(key, value)
    },
    add(set, value) {
      if (undos && !set.has(value)) undos.push(() => set.delete(value))
      set.add(value)
    },
    delete(set, value) {
      if (undos && set.has(value)) undos.push(() => set.add(value))
      set.delete(value)
    },
    assign(object, field, value) {
      if (undos) {
        const old = object[field]
        undos.push(() => (object[field] = old))
      }
      object[field] = value
    },
    push(array, value) {
      if (undos) undos.push(() => array.pop())
      array.push(value)
    },
  }
}
