import { createStationClient, type StationClient } from '../../src/thin/agent/createStationClient.js'
import { createLieRecord, type LieRecord } from '../../src/thin/verify/createLieRecord.js'
import { createProvenBatteryReader } from '../../src/thin/verify/createProvenBatteryReader.js'
import { createProvenReader, type ProvenReader } from '../../src/thin/verify/createProvenReader.js'
import type { BatteryReader } from '../../src/thin/agent/BatteryReader.js'
import { pinFromConfig } from '../../src/thin/pin/pinFromConfig.js'
import { readStationConfig } from '../../src/thin/pin/readStationConfig.js'
import type { PinnedChain } from '../../src/thin/verify/PinnedChain.js'

export type ProvenReads = { station: StationClient; pinned: PinnedChain; prover: ProvenReader; lies: LieRecord; reader: BatteryReader; distrusted: string[] }

/**
 * A device's proven reads against real stations, as the agent wires them: pinned from the first station's
 * `/api/config`, battery reads proven against its headers, lies recorded (and the stations left listed).
 *
 * @example
 * const { reader, lies } = await provenReads([station.url])
 */
export async function provenReads(urls: string[]): Promise<ProvenReads> {
  const station = createStationClient(urls)
  const config = await station.request('GET', '/api/config')
  const pinned = pinFromConfig(readStationConfig(config.body, `station 1 at ${urls[0]}`))
  const prover = createProvenReader({ station, pinned })
  const distrusted: string[] = []
  const lies = createLieRecord({ distrust: (s, reason) => (distrusted.push(s), station.distrust(s, reason)) })
  const reader = createProvenBatteryReader({ station, prover, deployment: () => pinned.deployment, lies })
  return { station, pinned, prover, lies, reader, distrusted }
}
