import { startStationServer, type StartStationServerReturnType } from '../../src/rich/stationServer.js'
import type { TestChain } from './chain.js'
import { testIndex } from './testIndex.js'

/**
 * A station server (relay, API, index) on a test chain, relaying with dev key `relayerKey`, for tests of
 * a device part that talks to a real station: its relay batches every 100 ms (or `batchIntervalMs`). With
 * `tls`, it serves HTTPS.
 *
 * @example
 * const chain = await startTestChain()
 * const station = await startTestStation(chain)
 * await fetch(`${station.url}/api/health`)
 */
export async function startTestStation(chain: TestChain, relayerKey = 1, o: { tls?: { cert: string; key: string }; batchIntervalMs?: number } = {}): Promise<StartStationServerReturnType> {
  return startStationServer({
    publicClient: chain.publicClient,
    walletClient: chain.wallet(relayerKey),
    deployment: chain.deployment,
    station: { id: 1, name: 'Station 1', url: 'http://station-1.test' },
    peers: [],
    nodeUrls: [chain.url],
    logger: false,
    relay: { batchIntervalMs: o.batchIntervalMs ?? 100 },
    port: 0,
    handleSignals: false,
    index: await testIndex(),
    ...(o.tls ? { tls: o.tls } : {}),
  })
}
