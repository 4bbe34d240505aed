import { EvswapError } from '../../sdk/errors/EvswapError.js'
import type { StationClient } from '../agent/createStationClient.js'
import type { DecodedHeader } from './DecodedHeader.js'
import { decodeHeader } from './decodeHeader.js'
import { startCheckClock, type CheckTime } from './startCheckClock.js'
import { StationLiedError } from './StationLiedError.js'

/**
 * Headers a station sent, decoded and hashed by the device, with the head it claims, the bytes it took and
 * what their decoding and hashing took.
 */
export type FetchedHeaders = { station: string; head: bigint; headers: DecodedHeader[]; bytes: number; check: CheckTime }

/**
 * Asks the station for raw headers (`GET /api/chain/headers`): `count` from block `from`, or the newest
 * `count` without `from`. Each is decoded and hashed here; a header that is not one, or not the block
 * asked for, is a lie.
 *
 * @throws StationLiedError when the bytes are not the consecutive headers asked for
 * @example
 * const { head, headers } = await fetchHeaders(station, { from: 41n, count: 3 })
 */
export async function fetchHeaders(station: StationClient, query: { from?: bigint; count: number }): Promise<FetchedHeaders> {
  const path = `/api/chain/headers?count=${query.count}${query.from === undefined ? '' : `&from=${query.from}`}`
  const r = await station.request<{ head: number; headers: `0x${string}`[] }>('GET', path)
  if (r.status !== 200 || !r.body || !Array.isArray(r.body.headers) || !Number.isSafeInteger(r.body.head)) {
    throw new EvswapError(`station ${r.station} did not serve headers (HTTP ${r.status})`, { hint: 'a station older than this device has no /api/chain routes; update it', code: 'NO_HEADERS' })
  }
  const head = BigInt(r.body.head)
  const stop = startCheckClock()
  const headers: DecodedHeader[] = []
  for (const rlp of r.body.headers) {
    let header: DecodedHeader
    try {
      header = decodeHeader(rlp)
    } catch (e) {
      throw new StationLiedError({ station: r.station, claim: `it sent a block header that is not one (${(e as Error).message})`, cause: e })
    }
    const expected = headers.length ? headers[headers.length - 1]!.number + 1n : query.from
    if (expected !== undefined && header.number !== expected) {
      throw new StationLiedError({ station: r.station, claim: `it sent header ${header.number} where block ${expected} was asked for` })
    }
    headers.push(header)
  }
  const last = headers[headers.length - 1]
  if (last && last.number > head) throw new StationLiedError({ station: r.station, claim: `it sent header ${last.number} while it says its head is block ${head}` })
  const check = stop()
  return { station: r.station, head, headers, bytes: JSON.stringify(r.body).length, check }
}
