import type { StoragePlace } from './StoragePlace.js'

/**
 * Cuts one value out of the words of a struct (or of a contract's storage) starting at `first`: solc packs
 * members right-aligned, each at its byte offset within its slot.
 *
 * @example
 * const holder = readPlace(words, base, batteryProcessStorage.structs.Record.holder)
 */
export function readPlace(words: ReadonlyMap<bigint, bigint>, first: bigint, place: StoragePlace): bigint {
  const word = words.get(first + BigInt(place.slot))
  if (word === undefined) throw new Error(`slot ${first + BigInt(place.slot)} was not read`)
  return (word >> BigInt(place.offset * 8)) & ((1n << BigInt(place.bytes * 8)) - 1n)
}
