import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from '../parseArgs.js'
import { startDevice } from '../../thin/startDevice.js'
import { loadOrCreateDeviceKey } from '../../thin/keystore/loadOrCreateDeviceKey.js'
import { resolvePassphrase } from '../../thin/keystore/resolvePassphrase.js'
import { findPackageRoot } from '../../rich/node/findPackageRoot.js'
import { optimizingCompiler } from '../../thin/optimizingCompiler.js'
import { useCompressedLink } from '../../thin/http/openHttpResponse.js'

const usage =
  'evswap device --slot DIR [--slot DIR…] --station URL [--station URL…] [--dir .evswap/device] [--port 7100] [--host 127.0.0.1] [--plain-link]\n' +
  '       evswap device status [--dir .evswap/device] [--port 7100]\n' +
  '       evswap device address [--dir .evswap/device]'

/** The thin client: `evswap device` runs the agent; `status` prints its batteries and alerts; `address` prints its account. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs(
    args,
    { dir: { type: 'string' }, slot: { type: 'string', multiple: true }, station: { type: 'string', multiple: true }, port: { type: 'string' }, host: { type: 'string' }, 'plain-link': { type: 'boolean' } },
    usage,
  )
  const dir = resolve(values.dir ?? '.evswap/device')
  const port = Number(values.port ?? 7100)
  if (positionals[0] === 'status') return status(dir, values.host ?? '127.0.0.1', port)
  optimizingCompiler.disable() // before the key: its public key is the first hot loop
  const account = await loadOrCreateDeviceKey({ dir, passphrase: resolvePassphrase(process.env) })
  if (positionals[0] === 'address') {
    console.log(account.address)
    return 0
  }
  if (!values.slot?.length || !values.station?.length) {
    console.error(`usage: ${usage}`)
    return 2
  }
  console.log(`device account ${account.address} (the super account registers this address)`)
  // Plain HTTP to the station instead of the compressed link: for reading the traffic with a sniffer.
  if (values['plain-link']) useCompressedLink(false)
  const dev = await startDevice({
    dir,
    slots: values.slot.map((s) => resolve(s)),
    stations: values.station,
    account,
    port,
    host: values.host ?? '127.0.0.1',
    webRoot: join(findPackageRoot(), 'dist', 'web'),
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

async function status(dir: string, host: string, port: number): Promise<number> {
  const token = readFileSync(join(dir, 'api-token'), 'utf8').trim()
  const res = await fetch(`http://${host}:${port}/api/device`, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined)
  if (!res?.ok) {
    console.error(`evswap device status: no device answers on ${host}:${port}; start it with \`evswap device\``)
    return 1
  }
  const s = (await res.json()) as {
    address: string; unitName: string; balance: string; station: { url: string }
    batteries: { folder: string; batteryId: number | null; file: { dynamicInfo: { SOC: number; energy: number } } | null; chain: { dynamicInfo: { holder: number } } | null }[]
    alerts: { kind: string; message: string }[]; outbox: unknown[]
  }
  console.log(`${s.address}  ${s.unitName}  balance ${(Number(s.balance) / 100).toFixed(2)} E-coin  station ${s.station.url}`)
  for (const b of s.batteries) {
    console.log(`  battery ${b.batteryId ?? '(unregistered)'}  ${b.folder}  ${b.file ? `SOC ${b.file.dynamicInfo.SOC} %  ${b.file.dynamicInfo.energy} kWh` : 'invalid file'}`)
  }
  console.log(s.alerts.length ? `alerts:\n${s.alerts.map((a) => `  [${a.kind}] ${a.message}`).join('\n')}` : 'no alerts')
  console.log(`outbox: ${s.outbox.length} request(s) waiting`)
  return 0
}
