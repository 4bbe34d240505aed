import type { Address, Hash, Hex } from 'viem'
import { decodeEvswapLog } from '../events/decodeEvswapLog.js'
import type { IndexedEvent } from '../events/IndexedEvent.js'
import type { IndexTables } from './IndexTables.js'

/** A stored event, decoded again from its raw log so its arguments have their ABI types (bigints and all). */
export function eventFromRow(row: IndexTables['events']): IndexedEvent & { time?: number } {
  const topics = row.topics.split(',') as [Hex, ...Hex[]]
  const { event, args } = decodeEvswapLog({ address: row.address as Address, topics, data: row.data as Hex })
  return {
    event,
    args,
    blockNumber: Number(row.block),
    txHash: row.tx_hash as Hash,
    logIndex: Number(row.log_index),
    address: row.address as Address,
    ...(row.time ? { time: Number(row.time) } : {}),
  }
}
