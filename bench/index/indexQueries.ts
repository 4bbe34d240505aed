import type { Address } from 'viem'
import type { ChainIndex } from '../../src/rich/events/createChainIndex.js'
import type { ChainIndex as MemoryChainIndex } from './memoryIndex/createChainIndex.js'

/** The questions the benchmark times, in the order its tables list them. */
export const queryNames = ['batteryHistory', 'ledger', 'swapsByStation', 'swapsByDay', 'stockByStatus', 'eventsSince', 'batteriesByHolder'] as const
export type QueryName = (typeof queryNames)[number]

/** What the questions are asked about, drawn at random each time: any battery, EV, station, block of the history. */
export type QueryTargets = { batteries: number; evs: readonly Address[]; stationUnits: readonly number[]; firstBlock: number; head: number }

/** One question, asked with fresh random arguments; undefined when the engine has no such question ("n/a"). */
export type IndexQuery = (() => unknown) | undefined

/**
 * Each timed question, for the database index (its reader: a page at a time, as the station's routes ask)
 * and for the old in-memory index (its synchronous reads, as the old routes used them: the whole list, since
 * it had no pages). The old index had no swaps by day, no stock by status and no events since a block.
 *
 * @example
 * const q = indexQueries({ kind: 'database', index }, targets)
 * await q.ledger!()
 */
export function indexQueries(
  engine: { kind: 'database'; index: ChainIndex } | { kind: 'memory'; index: MemoryChainIndex },
  t: QueryTargets,
): Record<QueryName, IndexQuery> {
  const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!
  const battery = () => 1 + Math.floor(Math.random() * t.batteries)
  const block = () => t.firstBlock + Math.floor(Math.random() * (t.head - t.firstBlock + 1))
  if (engine.kind === 'database') {
    const ix = engine.index
    return {
      batteryHistory: () => ix.history(battery()),
      ledger: () => ix.ledger(pick(t.evs)),
      swapsByStation: () => ix.swaps({ unit: pick(t.stationUnits) }),
      swapsByDay: () => ix.swapsByDay({ stationUnit: pick(t.stationUnits) }),
      stockByStatus: () => ix.stock({ holder: pick(t.stationUnits) }),
      eventsSince: () => ix.eventsSince(block()),
      batteriesByHolder: () => ix.batteries({ holder: pick(t.stationUnits) }),
    }
  }
  const ix = engine.index
  return {
    batteryHistory: () => ix.history(battery()),
    ledger: () => ix.ledger.entries(pick(t.evs)),
    swapsByStation: () => ix.swaps({ unit: pick(t.stationUnits) }),
    swapsByDay: undefined,
    stockByStatus: undefined,
    eventsSince: undefined,
    batteriesByHolder: () => ix.batteryIds(pick(t.stationUnits)).map((id) => ix.battery(id)),
  }
}
