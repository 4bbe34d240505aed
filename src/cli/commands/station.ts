import { mkdirSync, readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { join, resolve } from 'node:path'
import { createPublicClient, createWalletClient, getAddress, http, isAddress, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { parseArgs } from '../parseArgs.js'
import { DEFAULT_CHARGER } from '../../thin/charger/defaultCharger.js'
import { startStation } from '../../rich/startStation.js'
import { startAnvil } from '../../rich/node/startAnvil.js'
import { anvilDevKey } from '../../rich/node/anvilMnemonic.js'
import { deployEvswap } from '../../sdk/deployEvswap.js'
import { readDeployment, type Deployment } from '../../sdk/deployment.js'
import { loadOrCreateDeviceKey } from '../../thin/keystore/loadOrCreateDeviceKey.js'
import { resolvePassphrase } from '../../thin/keystore/resolvePassphrase.js'
import { loadNetwork } from '../../network/loadNetwork.js'
import { readDeployerKey } from '../../network/readDeployerKey.js'
import { readRelayerKey } from '../../network/readRelayerKey.js'
import { findStation } from '../../network/findStation.js'
import { refreshSealingWork } from '../../network/refreshSealingWork.js'
import { watchCliqueLiveness } from '../../network/watchCliqueLiveness.js'
import { watchSignerStanding } from '../../network/watchSignerStanding.js'
import { registerStationOperatorCall } from '../../sdk/calls/registerStationOperatorCall.js'
import { EvswapError } from '../../sdk/errors/EvswapError.js'
import { formatUsage } from '../formatUsage.js'
import { integerFlag, PORT_RANGE, SPEEDUP_RANGE } from '../integerFlag.js'
import { UsageError } from '../UsageError.js'
import { readTlsFlags } from '../readTlsFlags.js'
import { readTrustFlags } from '../readTrustFlags.js'

/** Station ids are 31-bit on chain (the top bit of a unit marks a station). */
const STATION_ID_RANGE = { min: 1, max: 0x7fffffff }

/** Usage of `evswap station`. */
export const help: Record<string, string> = {
  '': formatUsage({
    synopsis: [
      'evswap station [--dir .evswap/station] [--host 127.0.0.1] [--port 7001] [--station-id 1] [--slot DIR…] [--peer URL…] [--super 0x…] [--database URL|DIR]',
      '    [--tls-cert FILE --tls-key FILE [--ca FILE]] [--charge-speedup 1]',
      '    [--network DIR [--index N] | --rpc URL --deployment FILE --relayer-key-file FILE]',
    ],
    what:
      "Runs a station's rich client: relay (pays gas for its devices' signed requests), station API, GUI and the\n" +
      "station's own swap interface (a thin client for its USB folder). Its chain, one of: the embedded anvil in\n" +
      '<dir>/chain (no chain flag; contracts deployed once), station N of a local geth Clique network\n' +
      '(--network, made by `evswap network init`), or any JSON-RPC node (--rpc). Its device key is unlocked with\n' +
      'EVSWAP_PASSPHRASE or EVSWAP_PASSPHRASE_FILE. The station keeps its index of the chain in a database, and goes\n' +
      'on from where it stopped at the next start: embedded PGlite in <dir>/index, or a PostgreSQL server.',
    args: [
      ['--dir DIR', "the station's folder: device key, USB folder, embedded chain (default .evswap/station)"],
      ['--host ADDR', "the address the station API and GUI listen on: this machine's address for its devices\n(default 127.0.0.1, this machine only; with --tls-cert, a name or address its certificate names)"],
      ['--port N', 'station API and GUI port (default 7000 + station id; the embedded anvil on port + 1000)'],
      ['--station-id N', 'the station id on chain (default --index, or 1)'],
      ['--slot DIR', 'a USB folder of the swap interface (repeatable; default <dir>/usb)'],
      ['--peer URL', "another station's API, to fail over to (repeatable)"],
      ['--tls-cert FILE', "serve HTTPS (API, GUI, event stream, device link) with this certificate (PEM; its chain\nmay follow it); with --tls-key FILE, its unencrypted PEM key"],
      ['--ca FILE', "the CA (PEM) of the --peer stations' certificates, for https peers (default: the public CAs)"],
      ['--super 0x…', 'the super account (default: this station itself, on a chain it deploys)'],
      ['--network DIR', "a geth Clique network folder (evswap network init); with --index N (default 1). The GUI\nthen also votes signers in or out on this station's node"],
      ['--rpc URL', 'any JSON-RPC node; needs --deployment FILE (a deployment.json) and --relayer-key-file FILE'],
      ['--charge-speedup N', "how much faster than real time the charger runs (default 1; 60: an hour's charge in a minute)"],
      ['--database URL|DIR', 'where the index is kept: postgres://user:password@host:5432/db, or a folder for the\nembedded PGlite (default <dir>/index; also EVSWAP_DATABASE, which keeps a password out of `ps`)'],
    ],
    examples: [
      'EVSWAP_PASSPHRASE=secret npx evswap station --network .evswap/network --index 2 --port 7002',
      'EVSWAP_DATABASE=postgres://evswap:secret@127.0.0.1:5432/evswap npx evswap station --network .evswap/network --index 2',
      'EVSWAP_PASSPHRASE=secret npx evswap station --tls-cert /etc/evswap/station.pem --tls-key /etc/evswap/station-key.pem',
    ],
  }),
}

/**
 * A rich client: relay, station API, swap interface and GUI, attached to the embedded anvil (default), to a
 * station of the local geth network, or to any JSON-RPC node.
 */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs(
    args,
    {
      dir: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, 'station-id': { type: 'string' }, slot: { type: 'string', multiple: true },
      peer: { type: 'string', multiple: true }, network: { type: 'string' }, index: { type: 'string' }, rpc: { type: 'string' },
      deployment: { type: 'string' }, 'relayer-key-file': { type: 'string' }, super: { type: 'string' }, database: { type: 'string' },
      'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, ca: { type: 'string' }, 'charge-speedup': { type: 'string' },
    },
  )
  if (positionals.length) throw new UsageError(`station takes no arguments, only flags; "${positionals[0]}" is not one`)
  const dir = resolve(values.dir ?? '.evswap/station')
  const givenId = values['station-id'] === undefined ? undefined : integerFlag('--station-id', values['station-id'], 1, STATION_ID_RANGE)
  const index = integerFlag('--index', values.index, givenId ?? 1, STATION_ID_RANGE)
  const stationId = givenId ?? index
  const port = integerFlag('--port', values.port, 7000 + stationId, PORT_RANGE)
  const host = values.host ?? '127.0.0.1'
  if (isIP(host) === 0 && !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(host)) {
    throw new UsageError(`--host ${host} is neither an IP address nor a host name; give the address to listen on, e.g. --host 10.0.0.2`)
  }
  if (values.super !== undefined && !isAddress(values.super)) throw new UsageError(`--super ${values.super} is not an address; pass the super account's 0x address (40 hex digits)`)
  if (values.rpc && (!values.deployment || !values['relayer-key-file'])) throw new UsageError('--rpc needs --deployment FILE and --relayer-key-file FILE')
  const database = values.database ?? process.env.EVSWAP_DATABASE ?? join(dir, 'index')
  if (/^[a-z]+:\/\//i.test(database) && !/^postgres(ql)?:\/\//.test(database)) {
    throw new UsageError(`--database ${database.replace(/:[^:@/]*@/, ':***@')}: the index is kept in PostgreSQL (postgres://…) or in a folder; no other kind of URL`)
  }
  const tls = readTlsFlags(values['tls-cert'], values['tls-key'])
  const trust = readTrustFlags(values.ca)
  // Its own swap interface talks to it with the same trust, and a set trust speaks only TLS.
  if (trust && !tls) throw new UsageError('--ca is for a station that serves HTTPS itself; add --tls-cert FILE and --tls-key FILE')
  const plainPeer = tls ? values.peer?.find((u) => u.startsWith('http:')) : undefined
  if (plainPeer) throw new UsageError(`--peer ${plainPeer} is plain http://, and a station that serves HTTPS fails over to TLS stations only; use the peer's https:// URL`)
  const account = await loadOrCreateDeviceKey({ dir: join(dir, 'device'), passphrase: resolvePassphrase(process.env) })
  const stops: (() => Promise<void>)[] = []

  let rpcUrl: string
  let relayerKey: Hex
  let deployment: Deployment
  let nodeUrls: string[] | undefined
  let cliqueEpoch: number | undefined
  let votes: { node: { datadir: string }; signerNames: Record<string, string> } | undefined
  let selfSuper = false
  let refusal: (() => string | undefined) | undefined
  if (values.network) {
    const net = loadNetwork(resolve(values.network))
    const st = findStation(net, index)
    rpcUrl = st.httpUrl
    relayerKey = await readRelayerKey(st)
    nodeUrls = net.stations.map((s) => s.httpUrl)
    cliqueEpoch = net.epoch
    votes = { node: st, signerNames: Object.fromEntries(net.members.map((m) => [m.signer, m.name])) }
    const transport = http(rpcUrl)
    const publicClient = createPublicClient({ transport })
    const recordPath = join(net.dir, 'deployment.json')
    // A recorded deployment whose contract this node has is used as it is: only the station that created
    // the network holds the deployer key (a joined station gets deployment.json from its operator).
    const recorded = readDeployment(recordPath)
    const deployed = recorded && (await publicClient.getCode({ address: recorded.batteryInterface })) ? recorded : undefined
    deployment =
      deployed ??
      (await deployEvswap({
        publicClient,
        walletClient: createWalletClient({ account: privateKeyToAccount(await readDeployerKey(net)), transport }),
        superAccount: superOf(values.super, account.address),
        recordPath,
      }))
    selfSuper = deployment.superAccount.toLowerCase() === account.address.toLowerCase()
    // This station's node is its own to look after: a Clique deadlock does not end by itself.
    const watch = watchCliqueLiveness(st, { period: net.period, peers: net.stations, members: net.members, log: (l) => console.log(l) })
    stops.push(async () => watch.stop())
    // Voted out by the other signers (compromised, or closed): it stops serving devices, which fail over.
    const standing = watchSignerStanding(st, { intervalMs: Math.max(1000, net.period * 2000), onChange: (s) => s === 'voted_out' && console.log(`station ${index}'s signer ${st.signer} was voted out: its API refuses devices (503), so they fail over to other stations`) })
    stops.push(async () => standing.stop())
    refusal = () => (standing.standing() === 'voted_out' ? `station ${index} was voted out of the network's signers (its signer ${st.signer})` : undefined)
    // Its devices' requests go into the block of the slot they arrived in, not the one after.
    const refresher = refreshSealingWork(st, { period: net.period, log: (l) => console.log(l) })
    stops.push(async () => refresher.stop())
  } else if (values.rpc) {
    rpcUrl = values.rpc
    relayerKey = readFileSync(values['relayer-key-file']!, 'utf8').trim() as Hex
    const d = readDeployment(values.deployment!)
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
    host,
    port,
    rpcUrl,
    ...(nodeUrls ? { nodeUrls } : {}),
    ...(cliqueEpoch === undefined ? {} : { cliqueEpoch }),
    ...(votes ? { votes } : {}),
    peers: values.peer ?? [],
    relayerKey,
    deployment,
    index: { database: /^postgres/.test(database) ? database : resolve(database), schema: `station_${stationId}` },
    device: { dir: join(dir, 'device'), slots, account, charger: { ...DEFAULT_CHARGER, speedup: integerFlag('--charge-speedup', values['charge-speedup'], 1, SPEEDUP_RANGE) } },
    webRoot: resolve(new URL('../../web', import.meta.url).pathname),
    log: (l) => console.log(l),
    ...(tls ? { tls } : {}),
    ...(trust ? { trust } : {}),
    ...(refusal ? { refusal } : {}),
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
  // Checked to be an address when the flags were read.
  return given === undefined ? fallback : getAddress(given)
}
