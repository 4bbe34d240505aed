import { createServer, type Server } from 'node:http'
import { existsSync, readFileSync, mkdirSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { LocalAccount } from 'viem'
import { createDeviceAgent, type DeviceAgent, type DeviceAgentOptions } from './agent/createDeviceAgent.js'
import { createDeviceApi, type DevicePosition, type MapTiles } from './api/createDeviceApi.js'
import { writeFileAtomicSync } from '../shared/fs/writeFileAtomicSync.js'
import type { StationTrust } from './tls/StationTrust.js'

export type StartDeviceOptions = {
  dir: string
  slots: string[]
  stations: string[]
  /** Whom the device trusts over TLS (see StationTrust). */
  trust?: StationTrust
  account: LocalAccount
  /** Port of the local API and GUI; 0 = none (a station mounts the API itself). */
  port?: number
  host?: string
  webRoot?: string
  /** Where the device is, from its config: the EV GUI lists stations by distance from here. */
  position?: DevicePosition
  /** The tile server for the EV GUI's map (none: the finder is a list alone). */
  mapTiles?: MapTiles
  log?: (line: string) => void
} & Pick<DeviceAgentOptions, 'distrustMs' | 'failbackMs' | 'charger'>

export type StartedDevice = { agent: DeviceAgent; token: string; url?: string; server?: Server; stop(): Promise<void> }

/** The device's API token, made on first start and kept (mode 0600) in `<dir>/api-token`. */
export function loadOrCreateApiToken(dir: string): string {
  const file = join(dir, 'api-token')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const token = randomBytes(24).toString('base64url')
  writeFileAtomicSync(file, token + '\n', { mode: 0o600 })
  return token
}

/**
 * Starts a thin client: the agent, and its local API + GUI on `host:port` (127.0.0.1 by default).
 *
 * @example
 * const dev = await startDevice({ dir, slots: [usb], stations: [stationUrl], account, port: 7100 })
 * console.log(dev.url) // http://127.0.0.1:7100/#token=…
 */
export async function startDevice(o: StartDeviceOptions): Promise<StartedDevice> {
  mkdirSync(o.dir, { recursive: true })
  for (const s of o.slots) mkdirSync(s, { recursive: true })
  const token = loadOrCreateApiToken(o.dir)
  const { port: _port, host: _host, webRoot: _webRoot, position: _position, mapTiles: _mapTiles, ...agentOptions } = o
  const agent = await createDeviceAgent(agentOptions)
  await agent.start()
  if (!o.port) return { agent, token, stop: () => agent.stop() }
  const server = createServer(createDeviceApi({ agent, token, ...(o.webRoot ? { webRoot: o.webRoot } : {}), ...(o.position ? { position: o.position } : {}), ...(o.mapTiles ? { mapTiles: o.mapTiles } : {}) }))
  const host = o.host ?? '127.0.0.1'
  await new Promise<void>((res, rej) => server.once('error', rej).listen(o.port, host, () => res()))
  return {
    agent,
    token,
    server,
    url: `http://${host}:${o.port}/#token=${token}`,
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((res) => server.close(() => res()))
      await agent.stop()
    },
  }
}
