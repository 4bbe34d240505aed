import { buildStationApp, type BuildStationAppParameters, type StationApp } from './api/buildStationApp.js'

export type StartStationServerParameters = BuildStationAppParameters & {
  port: number
  host?: string
  /** Close gracefully on SIGINT/SIGTERM (then exit). Default true; a caller that owns the process passes false. */
  handleSignals?: boolean
}

export type StartStationServerReturnType = StationApp & { url: string }

/**
 * Builds the station API and listens. On SIGINT or SIGTERM it stops taking requests, ends event streams,
 * lets the batch in flight land, and exits; a second signal exits at once.
 *
 * @example
 * const server = await startStationServer({ publicClient, walletClient, deployment, station, peers: [], nodeUrls: [rpcUrl], port: 7001 })
 * console.log(`station on ${server.url}`)
 */
export async function startStationServer(p: StartStationServerParameters): Promise<StartStationServerReturnType> {
  const { port, host = '127.0.0.1', handleSignals = true, ...build } = p
  const station = await buildStationApp(build)
  try {
    await station.app.listen({ port, host })
  } catch (e) {
    await station.close()
    throw e
  }
  const address = station.app.server.address()
  const url = `${build.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${typeof address === 'object' && address ? address.port : port}`

  let signals = 0
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1
    if (signals > 1) process.exit(130)
    station.app.log.warn(`${signal}: closing the station`)
    station.close().then(
      () => process.exit(0),
      (e: unknown) => {
        station.app.log.error({ err: e }, 'the station did not close cleanly')
        process.exit(1)
      },
    )
  }
  if (handleSignals) {
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  }
  return {
    ...station,
    url,
    close() {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      return station.close()
    },
  }
}
