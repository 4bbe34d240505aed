import type { StationClient } from '../agent/createStationClient.js'
import type { AcceptedHeader } from './AcceptedHeader.js'
import type { DecodedHeader } from './DecodedHeader.js'
import { ChainMovedError } from './ChainMovedError.js'
import { fetchHeaders } from './fetchHeaders.js'
import type { CheckTime } from './startCheckClock.js'
import { StationLiedError } from './StationLiedError.js'
import { stationStillHolds } from './stationStillHolds.js'

/** Most headers walked back from an accepted block to an older one: a claim that old is proven at the newest instead. */
export const MAX_LINK_BACK = 256n

/**
 * Header `number` of the chain that ends in `accepted`: the headers from it up to the accepted one, each
 * named by the next one's parentHash, so it is as final as the accepted block (its descendant). This is how
 * a claim a station made at one block is proven at exactly that block.
 *
 * @throws StationLiedError when the headers do not link up to the accepted block
 * @throws ChainMovedError when they do not because the station's chain no longer holds the accepted block
 * @example
 * const header = await linkBackTo(station, accepted, 120n, (n) => (bytes += n))
 */
export async function linkBackTo(station: StationClient, accepted: Pick<AcceptedHeader, 'number' | 'hash' | 'parentHash'>, number: bigint, count: (bytes: number, check: CheckTime) => void): Promise<DecodedHeader> {
  const run: DecodedHeader[] = []
  for (let from = number; from < accepted.number; ) {
    const page = await fetchHeaders(station, { from, count: Number(accepted.number - from < 64n ? accepted.number - from : 64n) })
    count(page.bytes, page.check)
    if (page.headers.length === 0) break
    run.push(...page.headers)
    from += BigInt(page.headers.length)
  }
  const at = station.current()
  /** A run that does not link up is a lie, unless the station's chain no longer holds the accepted block. */
  const broken = async (lie: StationLiedError) => ((await stationStillHolds(station, accepted)) ? lie : new ChainMovedError(accepted.number, at))
  for (const [i, h] of run.entries()) {
    // The last one's child is the accepted block itself.
    const child = run[i + 1]?.parentHash ?? (h.number + 1n === accepted.number ? accepted.parentHash : undefined)
    if (child === undefined) throw await broken(new StationLiedError({ station: at, claim: `it sent headers ${number} to ${h.number}, short of accepted block ${accepted.number}` }))
    if (child !== h.hash) throw await broken(new StationLiedError({ station: at, claim: `header ${h.number + 1n} does not build on header ${h.number} it sent`, proven: `block ${h.number + 1n} of the chain this device accepted builds on ${child}` }))
  }
  const first = run[0]
  if (!first || first.number !== number) throw new StationLiedError({ station: at, claim: `it sent no header ${number}` })
  return first
}
