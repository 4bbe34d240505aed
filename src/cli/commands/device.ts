// `evswap device`: the thin client (device agent) on its own; `device status` and `device address` ask it.
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from '../parseArgs.js'
import { formatUsage } from '../formatUsage.js'
import { integerFlag, PORT_RANGE } from '../integerFlag.js'
import { UsageError } from '../UsageError.js'
import { fetchDeviceApi } from '../fetchDeviceApi.js'
import { resolvePassphrase } from '../../thin/keystore/resolvePassphrase.js'
import { KeystoreError } from '../../thin/keystore/KeystoreError.js'
import { EvswapError } from '../../sdk/errors/EvswapError.js'
import { findPackageRoot } from '../../rich/node/findPackageRoot.js'
import { optimizingCompiler } from '../../thin/optimizingCompiler.js'
import { youngGeneration } from '../../thin/youngGeneration.js'
import { useCompressedLink } from '../../thin/http/openHttpResponse.js'
import { readTrustFlags } from '../readTrustFlags.js'
import { readMapTilesFlag } from '../readMapTilesFlag.js'

const DIR = ['--dir DIR', "the device's own folder: its encrypted key, API token, outbox and pin (default .evswap/device)"] as [string, string]
const PORT = ['--port N', 'port of the device\'s local API and GUI (default 7100; the demo\'s EV: its --port + 4, 7004)'] as [string, string]
const MAP_TILES = ['--map-tiles URL', "a raster tile server for the map beside the EV GUI's station list, as a template with\n{z}, {x} and {y} (e.g. https://tile.example.org/{z}/{x}/{y}.png); without it the list stands alone"] as [string, string]
const MAP_ATTRIBUTION = ['--map-attribution TEXT', "the credit the tile server's terms ask for (default: © OpenStreetMap contributors)"] as [string, string]
const HOST = ['--host H', 'address the local API listens on (default 127.0.0.1)'] as [string, string]
const PASSPHRASE =
  'The device key is unlocked with EVSWAP_PASSPHRASE or EVSWAP_PASSPHRASE_FILE (the demo\'s devices:\n' +
  'evswap-demo-only, unless EVSWAP_PASSPHRASE was set when `evswap start` made them).'

/** Usage of `evswap device`, `device status` and `device address`. */
export const help: Record<string, string> = {
  '': formatUsage({
    synopsis: [
      'evswap device --slot DIR [--slot DIR…] --station URL [--station URL…] [--ca FILE | --pin SHA256|FILE…]',
      '    [--dir DIR] [--port 7100] [--host 127.0.0.1] [--position LAT,LON] [--map-tiles URL]',
      '    [--plain-link] [--re-pin]',
      'evswap device status [--dir DIR] [--port 7100] [--host 127.0.0.1]',
      'evswap device address [--dir DIR]',
      'evswap device pin [--reset] [--dir DIR]',
    ],
    what:
      'Runs a thin client: reads batteries off its USB folders, signs requests with its own key and sends them\n' +
      'through a station (failing over to the next --station), and serves its local API and GUI. The first\n' +
      `start makes its key; the super account registers the address it prints. ${PASSPHRASE}\n` +
      'The first start also enrols the device: it pins the chain (id, genesis hash), the contracts and the\n' +
      'signers its station serves, in <dir>/pinned.json, and from then on refuses a station that disagrees.\n' +
      'Subcommands: status (what a running device sees), address (its account), pin (what it is enrolled on).',
    args: [
      ['--slot DIR', 'a USB folder to watch for battery folders (repeatable; at least one)'],
      ['--station URL', 'a station\'s API, home station first (repeatable; at least one)'],
      ['--ca FILE', "the stations' CA certificate (PEM): an https station must have a certificate it signed,\nfor the host in its URL (default: the public CAs). With --ca or --pin, http:// is refused"],
      ['--pin SHA256|FILE', "trust exactly this station certificate: its SHA-256 fingerprint (openssl x509\n-fingerprint -sha256) or its PEM file (repeatable, one per station)"],
      DIR,
      PORT,
      HOST,
      ['--position LAT,LON', "where the EV is, in degrees (e.g. 48.1351,11.5820): its GUI lists stations by distance\nfrom here (the GUI can also take the browser's position or a typed one)"],
      MAP_TILES,
      MAP_ATTRIBUTION,
      ['--plain-link', 'plain HTTP to the station instead of the compressed link (to read the traffic)'],
      ['--re-pin', 'forget the chain and contracts this device was enrolled on (not the --pin certificates) and\nenrol it again with its first station that answers: to move it to another network, on purpose'],
    ],
    examples: [
      'EVSWAP_PASSPHRASE=secret npx evswap device --slot /media/usb0 --station http://127.0.0.1:7002 --dir .evswap/device',
      'EVSWAP_PASSPHRASE=secret npx evswap device --slot /media/usb0 --station https://station2.example:7002 --ca /etc/evswap/ca.pem',
    ],
  }),
  status: formatUsage({
    synopsis: 'evswap device status [--dir DIR] [--port 7100] [--host 127.0.0.1]',
    what: "Asks a running device for its account, balance, batteries and alerts, with the API token in --dir.",
    args: [DIR, PORT, HOST],
    examples: ['npx evswap device status --dir .evswap/demo/ev --port 7004   (the demo\'s EV)'],
  }),
  address: formatUsage({
    synopsis: 'evswap device address [--dir DIR]',
    what: `Prints the device's account address; on a first run it makes the key first. ${PASSPHRASE}`,
    args: [DIR],
    examples: ['EVSWAP_PASSPHRASE=evswap-demo-only npx evswap device address --dir .evswap/demo/ev'],
  }),
  pin: formatUsage({
    synopsis: 'evswap device pin [--reset] [--dir DIR]',
    what:
      'Prints the chain, contracts and Clique signers the device was enrolled on (<dir>/pinned.json). With\n' +
      '--reset, forgets them: the next start enrols the device again with its first station that answers.\n' +
      "For a station's own swap interface, DIR is the station's --dir followed by /device. Needs no passphrase.",
    args: [DIR, ['--reset', 'forget the pin (the device must not be running)']],
    examples: ['npx evswap device pin --dir .evswap/demo/ev', 'npx evswap device pin --reset --dir .evswap/station/device'],
  }),
}

/**
 * The thin client: `evswap device` runs the agent; `status` prints its batteries and alerts; `address`
 * prints its account. Returns the exit code.
 *
 * @example
 * process.exitCode = await run(['status', '--dir', '.evswap/demo/ev', '--port', '7004'])
 */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs(args, {
    dir: { type: 'string' }, slot: { type: 'string', multiple: true }, station: { type: 'string', multiple: true },
    port: { type: 'string' }, host: { type: 'string' }, 'plain-link': { type: 'boolean' }, position: { type: 'string' }, 'map-tiles': { type: 'string' }, 'map-attribution': { type: 'string' },
    ca: { type: 'string' }, pin: { type: 'string', multiple: true }, 're-pin': { type: 'boolean' }, reset: { type: 'boolean' },
  })
  const [sub, ...extra] = positionals
  if (sub !== undefined && sub !== 'status' && sub !== 'address' && sub !== 'pin') throw new UsageError(`there is no subcommand "${sub}"; the subcommands are status, address and pin`)
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`)
  if (values.reset && sub !== 'pin') throw new UsageError('--reset goes with `evswap device pin`; to enrol again while starting the device, use --re-pin')
  if (values['re-pin'] && sub !== undefined) throw new UsageError(`--re-pin is for starting the device; to forget the pin without starting it: evswap device pin --reset`)
  const dir = resolve(values.dir ?? '.evswap/device')
  if (sub === 'pin') return pinCommand(dir, values.reset === true)
  const port = integerFlag('--port', values.port, 7100, PORT_RANGE)
  const host = values.host ?? '127.0.0.1'
  if (sub === 'status') return status(dir, host, port)
  if (sub === undefined && (!values.slot?.length || !values.station?.length)) {
    throw new UsageError(`a device needs at least one --slot (a USB folder) and one --station (a station's URL)`)
  }
  const trust = readTrustFlags(values.ca, values.pin)
  const position = values.position === undefined ? undefined : readPositionFlag(values.position)
  const mapTiles = readMapTilesFlag(values['map-tiles'], values['map-attribution'])
  for (const url of values.station ?? []) {
    if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--station ${url} is not a station URL; give http://HOST:PORT or https://HOST:PORT`)
    if (trust && url.startsWith('http:')) throw new UsageError(`--station ${url} is plain http://, and a device given --ca or --pin speaks only TLS; use the station's https:// URL`)
  }
  optimizingCompiler.disable() // before the key: its public key is the first hot loop
  youngGeneration.keepSmall() // verification's garbage would grow it by 8-16 MB of resident memory
  // Loaded here, not at the top: help and usage mistakes answer without loading viem and the agent.
  const [{ DEVICE_KEY_FILE, loadOrCreateDeviceKey }, { startDevice }] = await Promise.all([
    import('../../thin/keystore/loadOrCreateDeviceKey.js'),
    import('../../thin/startDevice.js'),
  ])
  const firstRun = !existsSync(join(dir, DEVICE_KEY_FILE))
  const account = await loadOrCreateDeviceKey({ dir, passphrase: passphraseFor(dir) })
  if (sub === 'address') {
    if (firstRun) console.error(`made a new device key in ${join(dir, DEVICE_KEY_FILE)}; the super account registers this address:`)
    console.log(account.address)
    return 0
  }
  console.log(`device account ${account.address} (the super account registers this address)`)
  if (values['re-pin']) {
    const { forgetPinnedChain } = await import('../../thin/pin/forgetPinnedChain.js')
    if (forgetPinnedChain(dir)) console.log(`--re-pin: forgot the chain this device was enrolled on; it enrols again with its first station that answers (${values.station![0]})`)
  }
  // Plain HTTP to the station instead of the compressed link: for reading the traffic with a sniffer.
  if (values['plain-link']) useCompressedLink(false)
  const dev = await startDevice({
    dir,
    slots: values.slot!.map((s) => resolve(s)),
    stations: values.station!,
    ...(trust ? { trust } : {}),
    account,
    port,
    host,
    webRoot: join(findPackageRoot(), 'dist', 'web'),
    ...(position ? { position } : {}),
    ...(mapTiles ? { mapTiles } : {}),
    log: (l) => console.log(l),
  })
  console.log(`local API and GUI: ${dev.url}`)
  await new Promise<void>((res) => {
    process.once('SIGINT', () => res())
    process.once('SIGTERM', () => res())
  })
  await dev.stop()
  return 0
}

/** The passphrase; for a demo device without one, the sentence says the demo's default. */
function passphraseFor(dir: string): string {
  try {
    return resolvePassphrase(process.env)
  } catch (e) {
    // A demo device sits beside the demo's chain/ folder.
    if (!(e instanceof KeystoreError) || !existsSync(join(dirname(dir), 'chain'))) throw e
    throw new EvswapError(`${dir} is a demo device, and no passphrase was given to unlock its key`, {
      hint: 'run it again with EVSWAP_PASSPHRASE=evswap-demo-only (the demo\'s default), or with the EVSWAP_PASSPHRASE that was set when `evswap start` made the demo',
    })
  }
}

/** `device pin`: what the device is enrolled on; with --reset, forgets it. */
async function pinCommand(dir: string, reset: boolean): Promise<number> {
  const [{ loadPinnedChain, PINNED_CHAIN_FILE }, { forgetPinnedChain }] = await Promise.all([import('../../thin/pin/loadPinnedChain.js'), import('../../thin/pin/forgetPinnedChain.js')])
  const file = join(dir, PINNED_CHAIN_FILE)
  let pinned: ReturnType<typeof loadPinnedChain>
  try {
    pinned = loadPinnedChain(dir)
  } catch (e) {
    // A pin that cannot be read is exactly what --reset is for.
    if (!reset) throw e
  }
  if (!reset) {
    if (!pinned) {
      console.log(`${dir} is not enrolled yet (no ${file}): its next start pins the chain its first station serves`)
      return 0
    }
    const d = pinned.deployment
    console.log(`chain ${pinned.chainId}, genesis ${pinned.genesisHash}`)
    console.log(`forwarder ${d.forwarder}\nBatteryInterface ${d.batteryInterface}\nBatteryProcess ${d.batteryProcess}\nBalanceProcess ${d.balanceProcess}`)
    console.log(`super account ${d.superAccount}, deployer ${d.deployer}`)
    console.log(pinned.clique ? `Clique signers at block ${pinned.clique.signersBlock} (epoch ${pinned.clique.epoch}): ${pinned.clique.signers.join(', ')}` : 'no Clique signers: a single node (the embedded anvil), whose headers the device trusts')
    return 0
  }
  if (!forgetPinnedChain(dir)) {
    console.log(`${dir} has no pin (${file}): nothing to forget; its next start enrols it`)
    return 0
  }
  console.log(`forgot the pin in ${file}${pinned ? ` (chain ${pinned.chainId}, genesis ${pinned.genesisHash}, forwarder ${pinned.deployment.forwarder})` : ''}; the device's next start enrols it again with its first station that answers`)
  return 0
}

async function status(dir: string, host: string, port: number): Promise<number> {
  const { status: code, body } = await fetchDeviceApi({ dir, host, port }, '/api/device')
  const s = body as DeviceStatus
  if (code !== 200) throw new EvswapError(`the device on ${host}:${port} answered HTTP ${code}: ${(s as { message?: string }).message ?? JSON.stringify(body).slice(0, 200)}`)
  console.log(`${s.address}  ${s.unitName}  balance ${(Number(s.balance) / 100).toFixed(2)} E-coin  station ${s.station.url}`)
  for (const b of s.batteries) {
    console.log(`  battery ${b.batteryId ?? '(unregistered)'}  ${b.folder}  ${b.file ? `SOC ${b.file.dynamicInfo.SOC} %  ${b.file.dynamicInfo.energy} kWh` : 'invalid file'}`)
  }
  console.log(s.alerts.length ? `alerts:\n${s.alerts.map((a) => `  [${a.kind}] ${a.message}`).join('\n')}` : 'no alerts')
  console.log(`outbox: ${s.outbox.length} request(s) waiting`)
  for (const r of s.refusedStations ?? []) console.log(`refused ${r.reason}`)
  return 0
}

type DeviceStatus = {
  address: string; unitName: string; balance: string; station: { url: string }
  batteries: { folder: string; batteryId: number | null; file: { dynamicInfo: { SOC: number; energy: number } } | null }[]
  alerts: { kind: string; message: string }[]; outbox: unknown[]
  refusedStations?: { station: string; reason: string }[]
}

/** `--position LAT,LON` in degrees. */
function readPositionFlag(given: string): { latitude: number; longitude: number } {
  const [lat, lon, ...rest] = given.split(',').map((x) => Number(x.trim()))
  if (rest.length || lat === undefined || lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new UsageError(`--position ${given} is not a position; give latitude and longitude in degrees, e.g. --position 48.1351,11.5820`)
  }
  return { latitude: lat, longitude: lon }
}
