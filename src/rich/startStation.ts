import { createPublicClient, createWalletClient, http, type Hex, type LocalAccount } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { Deployment } from '../sdk/deployment.js'
import { createNodeHttpFetch } from './node/createNodeHttpFetch.js'
import { buildStationApp } from './api/buildStationApp.js'
import { createDeviceApi } from '../thin/api/createDeviceApi.js'
import { startDevice, type StartedDevice } from '../thin/startDevice.js'
import type { DeviceAgentOptions } from '../thin/agent/createDeviceAgent.js'
import { releaseHoldCall } from '../sdk/calls/releaseHoldCall.js'
import { createHoldReleaser } from './holds/createHoldReleaser.js'
import { readStationHolds } from './holds/readStationHolds.js'
import { createHoldCache } from './api/createHoldCache.js'
import { serveStatic } from '../thin/api/serveStatic.js'
import { basename } from 'node:path'
import type { VoteRoutesParameters } from './api/routes/voteRoutes.js'
import { X509Certificate } from 'node:crypto'
import { SYSTEM_TRUST, type StationTrust } from '../thin/tls/StationTrust.js'
import { createSlotFeed } from './slots/createSlotFeed.js'

export type StartStationOptions = {
  station: { id: number; name: string }
  port: number
  host?: string
  /** The station's own chain node (JSON-RPC). */
  rpcUrl: string
  /** Every node of the network, for the network view. */
  nodeUrls?: string[]
  /** The other stations, for devices to fail over to. */
  peers?: string[]
  /** Clique's epoch from the network description, served to devices to pin (default: geth's, 30000). */
  cliqueEpoch?: number
  /** Pays devices' gas. */
  relayerKey: Hex
  deployment: Deployment
  /** Where the station keeps its index: a folder (embedded PGlite) or a `postgres://` URL, and its schema there. */
  index: { database: string; schema?: string }
  /** The station's swap interface: a thin client on the station's USB slots, mounted at /api/device. */
  device: { dir: string; slots: string[]; account: LocalAccount } & Pick<DeviceAgentOptions, 'charger'>
  /** The station's own geth node and its signers' names, for Clique votes (`/api/network/votes`); none on anvil. */
  votes?: Omit<VoteRoutesParameters, 'operatorToken'>
  /** While this gives a reason (its signer was voted out), the API refuses device traffic with 503, so devices fail over. */
  refusal?: () => string | undefined
  webRoot?: string
  log?: (line: string) => void
  /** Serve HTTPS (API, GUI, SSE, device link) with this certificate chain and key, both PEM. */
  tls?: { cert: string; key: string }
  /**
   * Whom the station trusts over https: its peers (for failover and their USB slots). Its own swap
   * interface also trusts the station's own certificate, pinned. Default: the public CAs.
   */
  trust?: StationTrust
}

export type StartedStation = { url: string; guiUrl: string; device: StartedDevice; stop(): Promise<void> }

/**
 * A rich client: relay, station API, the station's own swap interface (the same agent code as an EV's) and
 * the GUI, on one port.
 *
 * @example
 * const s = await startStation({ station: { id: 1, name: 'Station 1' }, port: 7001, rpcUrl, relayerKey, deployment, device })
 */
export async function startStation(o: StartStationOptions): Promise<StartedStation> {
  const host = o.host ?? '127.0.0.1'
  const url = `${o.tls ? 'https' : 'http'}://${host}:${o.port}`
  const peerTrust: StationTrust = o.trust ?? SYSTEM_TRUST
  // The swap interface talks to this very station first: it knows the certificate, so it pins it.
  const ownTrust: StationTrust = o.tls
    ? { ...peerTrust, pins: [...peerTrust.pins, { sha256: new X509Certificate(o.tls.cert).fingerprint256, label: "the station's own certificate" }] }
    : peerTrust
  // Calls made together (a burst of relay checks, receipt lookups) go as one JSON-RPC batch, uncompressed and
  // over node:http: on a busy station, one HTTP exchange and one gzip per call, and undici's fetch machinery,
  // cost more CPU than the calls (docs/benchmarks.md).
  const transport = http(o.rpcUrl, {
    retryCount: 2,
    timeout: 20_000,
    batch: { batchSize: 200 },
    fetchFn: createNodeHttpFetch(),
    fetchOptions: { headers: { 'accept-encoding': 'identity' } },
  })
  const publicClient = createPublicClient({ transport, pollingInterval: 250 })
  const walletClient = createWalletClient({ account: privateKeyToAccount(o.relayerKey), transport })
  let device: StartedDevice | undefined
  // What the swap interface really has in its USB slots, for EVs to be offered only batteries whose disk is here.
  const stationSlots = () => {
    if (!device) return null
    const charging = new Map(device.agent.charger.sessions().filter((c) => c.state === 'charging').map((c) => [c.batteryId, c]))
    return device.agent.batteries().map((b) => {
      const c = b.batteryId === null ? undefined : charging.get(b.batteryId)
      return { folder: basename(b.folder), batteryId: b.batteryId, ...(c ? { charging: { energyWh: c.energyWh, socPermille: c.socPermille, powerW: c.powerW, secondsLeft: c.secondsLeft } } : {}) }
    })
  }
  const slotFeed = createSlotFeed({ stationId: o.station.id, read: stationSlots, peers: o.peers ?? [], trust: ownTrust })
  const built = await buildStationApp({
    publicClient,
    walletClient,
    deployment: o.deployment,
    station: { id: o.station.id, name: o.station.name, url },
    peers: o.peers ?? [],
    nodeUrls: o.nodeUrls ?? [o.rpcUrl],
    ...(o.cliqueEpoch === undefined ? {} : { cliqueEpoch: o.cliqueEpoch }),
    index: o.index,
    stationSlots,
    slotFeed,
    ...(o.tls ? { tls: o.tls } : {}),
    peerTrust: ownTrust,
    // The operator's credential for voting is the swap interface's token: the station GUI holds it, devices never do.
    votes: { ...o.votes, operatorToken: () => device?.token ?? null },
    ...(o.refusal ? { refusal: o.refusal } : {}),
  })
  let handler: ReturnType<typeof createDeviceApi> | undefined
  // Routes must exist before listen; the swap interface's agent needs the station listening to start.
  built.app.all('/api/device', (req, reply) => deviceRoute(req, reply))
  built.app.all('/api/device/*', (req, reply) => deviceRoute(req, reply))
  function deviceRoute(req: { raw: import('node:http').IncomingMessage; body?: unknown }, reply: { hijack(): void; raw: import('node:http').ServerResponse; code(n: number): { send(b: unknown): unknown } }) {
    if (!handler) return reply.code(503).send({ error: { code: 'starting', message: 'the station swap interface is starting', hint: 'retry in a moment' } })
    reply.hijack()
    handler(req.raw, reply.raw, req.raw.method === 'POST' ? (req.body ?? {}) : undefined)
  }
  if (o.webRoot) {
    const root = o.webRoot
    built.app.get('/*', (req, reply) => {
      const path = req.url.split('?')[0] ?? '/'
      if (path.startsWith('/api/')) return reply.code(404).send({ error: { code: 'not_found', message: `no route GET ${path}` } })
      reply.hijack()
      if (!serveStatic(root, path, reply.raw)) {
        reply.raw.writeHead(404, { 'content-type': 'application/json' })
        reply.raw.end(JSON.stringify({ error: { code: 'not_found', message: 'the GUI is not built', hint: 'run npm run build' } }))
      }
    })
  }
  try {
    await built.app.listen({ port: o.port, host })
  } catch (e) {
    // The index follows the chain on timers: left open, it would keep a process that failed to start alive.
    await built.close()
    throw e
  }
  try {
    device = await startDevice({ dir: o.device.dir, slots: o.device.slots, stations: [url, ...(o.peers ?? [])], trust: ownTrust, account: o.device.account, ...(o.device.charger ? { charger: o.device.charger } : {}), ...(o.log ? { log: o.log } : {}) })
  } catch (e) {
    // A swap interface that cannot start (it cannot reach or trust this station) must not leave it listening.
    await built.close()
    throw e
  }
  handler = createDeviceApi({ agent: device.agent, token: device.token, servedByStation: true, ...(o.webRoot ? { webRoot: o.webRoot } : {}) })
  const { agent } = device
  agent.events.on('state', slotFeed.ownChanged)
  slotFeed.ownChanged()
  slotFeed.start()
  const releaser = createHoldReleaser({
    events: built.index.events,
    unit: () => agent.identity().unit,
    initialHolds: () => readStationHolds(createHoldCache(publicClient, o.deployment, built.index), built.index, agent.identity().unit),
    blockTime: async (blockNumber) => Number((await publicClient.getBlock({ blockNumber: BigInt(blockNumber) })).timestamp),
    release: async (batteryId) => (await agent.operate(releaseHoldCall(o.deployment, { batteryId }))).status === 'confirmed',
    ...(o.log ? { log: o.log } : {}),
  })
  return {
    url,
    guiUrl: `${url}/#token=${device.token}`,
    device,
    async stop() {
      releaser.stop()
      slotFeed.stop()
      await device?.stop()
      await built.close()
    },
  }
}
