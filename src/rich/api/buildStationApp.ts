import type { Server, ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import swagger from '@fastify/swagger'
import Fastify, { type FastifyBaseLogger } from 'fastify'
import type { Account, Chain, PublicClient, Transport, WalletClient } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'
import { EvswapError } from '../../sdk/errors/EvswapError.js'
import { acceptDeflateLinks } from '../../link/acceptDeflateLinks.js'
import { createChainIndex, type ChainIndex } from '../events/createChainIndex.js'
import { createRelay, type CreateRelayParameters, type Relay } from '../relay/createRelay.js'
import { createBatteryCache } from './createBatteryCache.js'
import { createHoldCache } from './createHoldCache.js'
import { estimateBlockPeriodMs } from './estimateBlockPeriodMs.js'
import { installStandingGate } from './installStandingGate.js'
import { readChainIdentity } from './readChainIdentity.js'
import { installErrorHandling } from './installErrorHandling.js'
import { accountRoutes } from './routes/accountRoutes.js'
import { batteryRoutes } from './routes/batteryRoutes.js'
import { passportRoutes } from './routes/passportRoutes.js'
import { chainRoutes } from './routes/chainRoutes.js'
import { eventRoutes } from './routes/eventRoutes.js'
import { healthRoutes } from './routes/healthRoutes.js'
import { networkRoutes } from './routes/networkRoutes.js'
import { pausedRoutes } from './routes/pausedRoutes.js'
import { holdRoutes } from './routes/holdRoutes.js'
import { nonceRoutes } from './routes/nonceRoutes.js'
import { relayRoutes } from './routes/relayRoutes.js'
import { stationRoutes } from './routes/stationRoutes.js'
import { slotRoutes, type SlotView } from './routes/slotRoutes.js'
import { statsRoutes } from './routes/statsRoutes.js'
import { voteRoutes, type VoteRoutesParameters } from './routes/voteRoutes.js'
import { swapRoutes } from './routes/swapRoutes.js'
import type { StationContext } from './StationContext.js'
import { stringifyJson } from './stringifyJson.js'
import { typeBoxValidatorCompiler } from './typeBoxValidatorCompiler.js'
import type { StationFastify, TypeBoxTypeProvider } from './TypeBoxTypeProvider.js'
import type { StationTrust } from '../../thin/tls/StationTrust.js'

/** Largest request body the station reads (a signed request is well under 4 KiB). */
export const STATION_BODY_LIMIT = 16 * 1024

export type BuildStationAppParameters = {
  publicClient: PublicClient
  /** The relayer: pays devices' gas, so it must hold Ether. */
  walletClient: WalletClient<Transport, Chain | undefined, Account>
  deployment: Deployment
  station: { id: number; name: string; url: string }
  /** The other stations' URLs, handed to devices for failover. */
  peers: string[]
  /** JSON-RPC URLs of the network's nodes, for `GET /api/network`. */
  nodeUrls: string[]
  /** A pino-compatible logger, or true/false; default: warnings and errors only. */
  logger?: FastifyBaseLogger | boolean
  /** Overrides of the relay's defaults (batch size and interval, rate limit, ...). */
  relay?: Partial<Omit<CreateRelayParameters, 'publicClient' | 'walletClient' | 'deployment'>>
  /** Clique's epoch, from the network description (default: geth's, 30000); unused on a node without Clique. */
  cliqueEpoch?: number
  /** The chain's block period; estimated from recent blocks when not given. */
  blockPeriodMs?: number
  /**
   * Where the station keeps its index: a folder for the embedded PGlite database, or a `postgres://` URL.
   * `schema` (default `evswap`) lets stations share one database.
   */
  index: { database: string; schema?: string }
  /** The USB disks in the station's swap interface (`GET /api/station/slots`); none when not given. */
  stationSlots?: () => SlotView[] | null
  /** Changes of those slots and the peers' (`GET /api/station/slots/events`, `slots` on `/api/events`). */
  slotFeed?: StationContext['slotFeed']
  /** Serve HTTPS with this certificate (its chain, PEM) and key: the API, the GUI, SSE and the device link. */
  tls?: { cert: string; key: string }
  /** Whom the station trusts when it asks its peers (and itself) over https (default: the public CAs). */
  peerTrust?: StationTrust
  /** Its own geth node and the operator's credential, for `/api/network/votes` (default: no Clique node, no operator). */
  votes?: VoteRoutesParameters
  /** While this gives a reason (its signer was voted out), device traffic is refused with 503 and fails over. */
  refusal?: () => string | undefined
}

export type StationApp = {
  /** The fastify instance, routes registered, not listening: add more routes, then `listen`. */
  app: StationFastify
  relay: Relay
  index: ChainIndex
  /** Ends SSE streams, lets the batch in flight finish, closes the server and stops following the chain. */
  close(): Promise<void>
}

/**
 * The station API of docs/api.md section 1 on a fastify instance: relay, reads, the event index and SSE,
 * with TypeBox schemas that validate input and make the OpenAPI document (`GET /api/openapi.json`).
 *
 * @example
 * const { app, close } = await buildStationApp({ publicClient, walletClient, deployment, station: { id: 1, name: 'Station 1', url }, peers: [], nodeUrls: [rpcUrl] })
 * await app.listen({ port: 7001, host: '127.0.0.1' })
 */
export async function buildStationApp(p: BuildStationAppParameters): Promise<StationApp> {
  const nodeChainId = await p.publicClient.getChainId()
  if (nodeChainId !== p.deployment.chainId) {
    throw new EvswapError(`the chain node is on chain ${nodeChainId}, the deployment on ${p.deployment.chainId}`, {
      hint: 'point the station at a node of the network its deployment record was written for',
    })
  }
  const code = await p.publicClient.getCode({ address: p.deployment.batteryInterface })
  if (!code || code === '0x') {
    throw new EvswapError(`no BatteryInterface at ${p.deployment.batteryInterface} on this chain`, {
      hint: 'deploy the contracts (deployEvswap) or use the deployment record of this chain',
    })
  }
  const chain = await readChainIdentity(p.publicClient, p.cliqueEpoch)

  const logger = p.logger ?? { level: 'warn' }
  const tls = p.tls
  const app = Fastify({
    bodyLimit: STATION_BODY_LIMIT,
    // An https.Server answers every event node:http's does (request, upgrade, ...): fastify and the link
    // take it as one. The same routes run over TLS, nothing else changes.
    ...(tls ? { serverFactory: (handler: Parameters<typeof createHttpsServer>[1]) => createHttpsServer({ cert: tls.cert, key: tls.key }, handler) as unknown as Server } : {}),
    ...(typeof logger === 'object' && 'info' in logger ? { loggerInstance: logger } : { logger }),
  }).withTypeProvider<TypeBoxTypeProvider>()
  const log = (line: string) => app.log.warn(line)
  // Devices upgrade their connections to the compressed link: on a metered link a request costs a fifth.
  acceptDeflateLinks(app.server)

  const index = await createChainIndex({ publicClient: p.publicClient, deployment: p.deployment, database: p.index.database, ...(p.index.schema ? { schema: p.index.schema } : {}), log })
  let relay: Relay | undefined
  try {
    await index.ready
    relay = createRelay({ publicClient: p.publicClient, walletClient: p.walletClient, deployment: p.deployment, log: (l) => app.log.warn(l), ...p.relay })
    const streams = new Set<ServerResponse>()
    const ctx: StationContext = {
      publicClient: p.publicClient,
      deployment: p.deployment,
      chain,
      relay,
      index,
      station: p.station,
      peers: p.peers,
      ...(p.peerTrust ? { peerTrust: p.peerTrust } : {}),
      nodeUrls: p.nodeUrls,
      ...(p.votes?.signerNames ? { signerNames: p.votes.signerNames } : {}),
      blockPeriodMs: p.blockPeriodMs ?? (await estimateBlockPeriodMs(p.publicClient)),
      readBatteryCached: createBatteryCache(p.publicClient, p.deployment, index),
      readHoldCached: createHoldCache(p.publicClient, p.deployment, index),
      streams,
      ...(p.stationSlots ? { stationSlots: p.stationSlots } : {}),
      ...(p.slotFeed ? { slotFeed: p.slotFeed } : {}),
    }

    app.setValidatorCompiler(typeBoxValidatorCompiler)
    // Schemas document replies; writing them is JSON with bigints as strings, for every route alike.
    app.setSerializerCompiler(() => (data) => stringifyJson(data))
    app.setReplySerializer((payload) => stringifyJson(payload))
    installErrorHandling(app, { bodyLimit: STATION_BODY_LIMIT })
    if (p.refusal) installStandingGate(app, p.refusal)

    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'evswap station API',
          version: '1',
          description: 'The rich client of a battery-swapping station: relay for devices, reads of the chain, and chain events. See docs/api.md.',
        },
        tags: [{ name: 'station' }, { name: 'accounts' }, { name: 'batteries' }, { name: 'stations' }, { name: 'swaps' }, { name: 'relay' }, { name: 'events' }, { name: 'stats' }, { name: 'chain' }],
      },
    })
    for (const routes of [healthRoutes, accountRoutes, batteryRoutes, passportRoutes, chainRoutes, stationRoutes, swapRoutes, nonceRoutes, networkRoutes, pausedRoutes, holdRoutes, slotRoutes, relayRoutes, eventRoutes, statsRoutes]) {
      await app.register(async (scope) => routes(scope, ctx))
    }
    const votes = p.votes ?? { operatorToken: () => null }
    await app.register(async (scope) => voteRoutes(scope, votes))
    app.get('/api/openapi.json', { schema: { summary: 'This document', tags: ['station'] } }, async () => app.swagger())

    // Before the server stops taking connections: SSE streams never end on their own, and long polls
    // waiting on the relay are answered with what is known.
    app.addHook('preClose', async () => {
      for (const s of streams) s.end()
      await relay?.close()
    })
    app.addHook('onClose', async () => index.close())
  } catch (e) {
    await index.close()
    await relay?.close()
    throw e
  }

  let closing: Promise<void> | undefined
  return {
    app,
    relay,
    index,
    close: () => (closing ??= app.close()),
  }
}
