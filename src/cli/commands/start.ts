// `evswap start`: the paper's Fig. 7 system on one machine (npm start runs it).
import { join, relative, resolve } from 'node:path'
import { isPortFree } from '../../network/assertPortsFree.js'
import { EvswapError } from '../../sdk/errors/EvswapError.js'
import { formatUsage } from '../formatUsage.js'
import { formatUsbMoves } from '../formatUsbMoves.js'
import { integerFlag, SPEEDUP_RANGE } from '../integerFlag.js'
import { DEFAULT_CHARGER } from '../../thin/charger/defaultCharger.js'
import { parseArgs } from '../parseArgs.js'
import { resetDemoDir } from '../resetDemoDir.js'
import { UsageError } from '../UsageError.js'
import { watchUsbMoves } from '../watchUsbMoves.js'
import { readMapTilesFlag } from '../readMapTilesFlag.js'

/** The demo's chargers run an hour's charge in a minute: a demo waits for no charge. */
const DEMO_SPEEDUP = 60

/** Usage of `evswap start`. */
export const help: Record<string, string> = {
  '': formatUsage({
    synopsis: 'evswap start [--dir .evswap/demo] [--port 7000] [--reset] [--quiet] [--charge-speedup 60] [--map-tiles URL]',
    what:
      "Starts the paper's Fig. 7 system on the embedded chain (anvil): the contracts, a super account, two\n" +
      'stations (SUM and BYD batteries at station 1) and one EV with a depleted TOY battery, and prints each\n' +
      'GUI\'s URL and the USB moves that are due. The stations serve HTTPS with certificates of a local CA made\n' +
      'at the first start (--dir/tls/ca.pem), which the devices trust. Ctrl-C stops it; the chain, keys and\n' +
      'batteries are kept in --dir, so the next start goes on from there. The device keys are encrypted with\n' +
      'EVSWAP_PASSPHRASE (default evswap-demo-only).',
    args: [
      ['--dir DIR', "the demo's state folder: chain/, super/, ev/, station1/, station2/ (default .evswap/demo)"],
      ['--port N', 'first of five ports (default 7000): anvil on N, the super account\'s GUI on N+1,\nstation 1 on N+2, station 2 on N+3, the EV on N+4'],
      ['--reset', 'delete --dir first (after saying so) and start from scratch; refused for a folder\nthat is not a demo\'s (no chain/ or super/ inside)'],
      ['--quiet', 'print only the banner, not the stations\' and devices\' logs'],
      ['--map-tiles URL', "a raster tile server for the map beside the EV GUI's station list, as a template with\n{z}, {x} and {y}; without it the list stands alone (the demo needs no network)"],
      ['--map-attribution TEXT', "the credit the tile server's terms ask for (default: © OpenStreetMap contributors)"],
      ['--charge-speedup N', "how much faster than real time the stations' chargers run (default 60: an hour's\ncharge in a minute, so the demo waits for none; 1: real time)"],
    ],
    examples: ['npx evswap start', 'npx evswap start --reset', 'npx evswap start --port 27000 --dir /tmp/demo2'],
  }),
}

/**
 * Starts the paper's Fig. 7 system on the embedded chain and prints each GUI's URL and the USB moves that
 * are due (again whenever they change); Ctrl-C stops it (the chain is kept).
 *
 * @example
 * process.exitCode = await run(['--reset', '--port', '27000'])
 */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs(args, { dir: { type: 'string' }, port: { type: 'string' }, quiet: { type: 'boolean' }, reset: { type: 'boolean' }, 'charge-speedup': { type: 'string' }, 'map-tiles': { type: 'string' }, 'map-attribution': { type: 'string' } })
  if (positionals.length) throw new UsageError(`start takes no arguments, only flags; "${positionals[0]}" is not one`)
  const basePort = integerFlag('--port', values.port, 7000, { min: 1024, max: 65535 - 4 })
  const speedup = integerFlag('--charge-speedup', values['charge-speedup'], DEMO_SPEEDUP, SPEEDUP_RANGE)
  const mapTiles = readMapTilesFlag(values['map-tiles'], values['map-attribution'])
  const dir = resolve(values.dir ?? '.evswap/demo')
  // The --dir as a user types it again from here, for the commands the banner prints.
  const fromHere = relative(process.cwd(), dir)
  const shownDir = fromHere === '' || fromHere.startsWith('..') ? dir : fromHere
  if (values.reset) {
    // A demo still running on this folder would lose its files under it: anvil's port tells.
    if (!(await isPortFree(basePort))) {
      throw new EvswapError(`--reset: port ${basePort} is in use, so a demo may still be running on ${shownDir}`, { hint: 'stop it (Ctrl-C where it runs) and try again, or pick other ports with --port' })
    }
    resetDemoDir(dir, (line) => console.log(line))
  }
  // Loaded here, not at the top: `start --help` answers without loading the whole system.
  const { startDemo } = await import('../../rich/startDemo.js')
  const demo = await startDemo({ dir, basePort, quiet: values.quiet ?? false, charger: { ...DEFAULT_CHARGER, speedup }, ...(mapTiles ? { mapTiles } : {}) })
  const agents = { ev: demo.devices.ev.agent, station1: demo.devices.station1.device.agent, station2: demo.devices.station2.device.agent }
  const moves = watchUsbMoves({ agents, onChange: (m) => console.log(`\n${formatUsbMoves(m, shownDir)}`) })
  console.log(`
evswap is running (state in ${shownDir}; Ctrl-C stops it, the chain and batteries are kept; --reset starts afresh)
  super account GUI  ${demo.urls.super}
  station 1 GUI      ${demo.urls.station1}
  station 2 GUI      ${demo.urls.station2}
  EV GUI             ${demo.urls.ev}
The stations serve HTTPS with certificates of the demo's own CA, ${join(shownDir, 'tls', 'ca.pem')}: a browser warns
about the station GUIs until you accept them, or import that file as a trusted authority (its key was thrown
away once it signed the two station certificates, so it vouches for nothing else; README "The demo's CA").
${formatUsbMoves(moves.current(), shownDir)}`)
  await new Promise<void>((res) => {
    process.once('SIGINT', () => res())
    process.once('SIGTERM', () => res())
  })
  moves.stop()
  console.log('stopping (the chain state is saved)...')
  await demo.stop()
  return 0
}
