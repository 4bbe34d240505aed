// A station's rich client as its own process for the load benchmark: `startStation` (relay, API, the
// station's swap interface) on its own geth node with its relayer key, configured by a JSON file.
// Run: node dist/bench/bench/load/stationMain.js <config.json>
import { readFileSync } from 'node:fs'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { startStation } from '../../src/rich/startStation.js'
import type { Deployment } from '../../src/sdk/deployment.js'

/** What the load benchmark hands a station process. */
export type StationProcessConfig = {
  station: { id: number; name: string }
  port: number
  rpcUrl: string
  nodeUrls: string[]
  peers: string[]
  relayerKey: Hex
  deployment: Deployment
  device: { dir: string; slots: string[]; privateKey: Hex }
}

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as StationProcessConfig
const station = await startStation({
  station: config.station,
  port: config.port,
  rpcUrl: config.rpcUrl,
  nodeUrls: config.nodeUrls,
  peers: config.peers,
  relayerKey: config.relayerKey,
  deployment: config.deployment,
  device: { dir: config.device.dir, slots: config.device.slots, account: privateKeyToAccount(config.device.privateKey) },
  log: (line) => console.log(line),
})
console.log(`station ${config.station.id} ready on ${station.url}`)
let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  void station.stop().finally(() => process.exit(0))
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
