import { mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createPublicClient, createWalletClient, getAddress, http, isAddress, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { parseArgs } from '../parseArgs.js'
import { startStation } from '../../rich/startStation.js'
import { startAnvil } from '../../rich/node/startAnvil.js'
import { anvilDevKey } from '../../rich/node/anvilMnemonic.js'
import { deployEvswap } from '../../sdk/deployEvswap.js'
import { readDeployment, type Deployment } from '../../sdk/deployment.js'
import { loadOrCreateDeviceKey } from '../../thin/keystore/loadOrCreateDeviceKey.js'
import { resolvePassphrase } from '../../thin/keystore/resolvePassphrase.js'
import { loadNetwork } from '../../network/loadNetwork.js'
import { findStation } from '../../network/findStation.js'
import { refreshSealingWork } from '../../network/refreshSealingWork.js'
import { watchCliqueLiveness } from '../../network/watchCliqueLiveness.js'
import { registerStationOperatorCall } from '../../sdk/calls/registerStationOperatorCall.js'
import { EvswapError } from '../../sdk/errors/EvswapError.js'

const usage = `evswap station [--dir .evswap/station] [--port 7001] [--station-id 1] [--slot DIR…] [--peer URL…]
   chain, one of:
     (none)                                 embedded anvil in <dir>/chain; contracts deployed once
     --network DIR [--index N]              station N of a local geth Clique network (evswap network)
     --rpc URL --deployment FILE --relayer-key-file FILE   any JSON-RPC node`

/**
 * A rich client: relay, station API, swap interface and GUI, attached to the embedded anvil (default), to a
 * station of the local geth network, or to any JSON-RPC node.
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs(
    args,
    {
      dir: { type: 'string' }, port: { type: 'string' }, 'station-id': { type: 'string' }, slot: { type: 'string', multiple: true },
      peer: { type: 'string', multiple: true }, network: { type: 'string' }, index: { type: 'string' }, rpc: { type: 'string' },
      deployment: { type: 'string' }, 'relayer-key-file': { type: 'string' }, super: { type: 'string' },
    },
    usage,
  )
  const dir = resolve(values.dir ?? '.evswap/station')
  const index = Number(values.index ?? values['station-id'] ?? 1)
  const stationId = Number(values['station-id'] ?? index)
  const port = Number(values.port ?? 7000 + stationId)
  const account = await loadOrCreateDeviceKey({ dir: join(dir, 'device'), passphrase: resolvePassphrase(process.env) })
  const stops: (() => Promise<void>)[] = []

  let rpcUrl: string
  let relayerKey: Hex
  let deployment: Deployment
  let nodeUrls: string[] | undefined
  let selfSuper = false
  if (values.network) {
    const net = loadNetwork(resolve(values.network))
    const st = findStation(net, index)
    rpcUrl = st.httpUrl
    relayerKey = st.relayer.privateKey
    nodeUrls = net.stations.map((s) => s.httpUrl)
    const transport = http(rpcUrl)
    deployment = await deployEvswap({
      publicClient: createPublicClient({ transport }),
      walletClient: createWalletClient({ account: privateKeyToAccount(net.deployer.privateKey), transport }),
      superAccount: superOf(values.super, account.address),
      recordPath: join(net.dir, 'deployment.json'),
    })
    selfSuper = deployment.superAccount.toLowerCase() === account.address.toLowerCase()
    // This station's node is its own to look after: a Clique deadlock does not end by itself.
    const watch = watchCliqueLiveness(st, { period: net.period, peers: net.stations, log: (l) => console.log(l) })
    stops.push(async () => watch.stop())
    // Its devices' requests go into the block of the slot they arrived in, not the one after.
    const refresher = refreshSealingWork(st, { period: net.period, log: (l) => console.log(l) })
    stops.push(async () => refresher.stop())
  } else if (values.rpc) {
    if (!values.deployment || !values['relayer-key-file']) throw new EvswapError('--rpc needs --deployment and --relayer-key-file', { hint: usage })
    rpcUrl = values.rpc
    relayerKey = readFileSync(values['relayer-key-file'], 'utf8').trim() as Hex
    const d = readDeployment(values.deployment)
    if (!d) throw new EvswapError(`no deployment record at ${values.deployment}`, { hint: 'deploy first (evswap start or evswap station --network) and pass its deployment.json' })
    deployment = d
  } else {
    mkdirSync(join(dir, 'chain'), { recursive: true })
    const anvil = await startAnvil({ port: port + 1000, stateFile: join(dir, 'chain', 'state.json') })
    stops.push(() => anvil.stop())
    rpcUrl = anvil.url
    relayerKey = anvilDevKey(1)
    const transport = http(rpcUrl)
    deployment = await deployEvswap({
      publicClient: createPublicClient({ transport }),
      walletClient: createWalletClient({ account: privateKeyToAccount(anvilDevKey(0)), transport }),
      superAccount: superOf(values.super, account.address),
      recordPath: join(dir, 'chain', 'deployment.json'),
    })
    selfSuper = deployment.superAccount.toLowerCase() === account.address.toLowerCase()
  }

  const slots = (values.slot ?? [join(dir, 'usb')]).map((s) => resolve(s))
  const station = await startStation({
    station: { id: stationId, name: `Station ${stationId}` },
    port,
    rpcUrl,
    ...(nodeUrls ? { nodeUrls } : {}),
    peers: values.peer ?? [],
    relayerKey,
    deployment,
    device: { dir: join(dir, 'device'), slots, account },
    webRoot: resolve(new URL('../../web', import.meta.url).pathname),
    log: (l) => console.log(l),
  })
  stops.unshift(() => station.stop())
  const agent = station.device.agent
  if (selfSuper && agent.identity().role === 'None') {
    // A lone station is its own super account: it registers itself as this station's operator.
    const r = await agent.operate(registerStationOperatorCall(deployment, { account: account.address, stationId }))
    if (r.status !== 'confirmed') console.error(`could not register this station as operator: ${r.error}`)
    await agent.refreshIdentity()
    await agent.check()
  }
  console.log(`station ${stationId} on ${rpcUrl}; API ${station.url}/api (OpenAPI at ${station.url}/api/openapi.json)\nGUI ${station.guiUrl}\ndevice account ${account.address}`)
  await new Promise<void>((res) => {
    process.once('SIGINT', () => res())
    process.once('SIGTERM', () => res())
  })
  for (const s of stops) await s().catch(() => {})
  return 0
}

function superOf(given: string | undefined, fallback: `0x${string}`): `0x${string}` {
  if (given === undefined) return fallback
  if (!isAddress(given)) throw new EvswapError(`--super ${given} is not an address`, { hint: 'pass the super account 0x address' })
  return getAddress(given)
}
