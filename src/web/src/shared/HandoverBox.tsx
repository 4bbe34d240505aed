import { STATION_FLAG, unitName } from './format'
import { demoDeviceName, type DiskMove } from './handover'
import { capitalize } from './swapMoney'

/**
 * After an approval, which USB disk goes where, in words, with the demo's `evswap usb move` command for each.
 * The chain has already moved the batteries; until the disks follow, both sides also show an alert.
 */
export function HandoverBox(props: { moves: DiskMove[]; unit: number }) {
  if (props.moves.length === 0) return null
  const here = (props.unit & STATION_FLAG) !== 0 ? 'this station' : 'this EV'
  const swaps = [...new Set(props.moves.map((m) => m.swapId).filter((id) => id !== null))]
  return (
    <section className="handover" data-testid="handover" aria-live="polite">
      <h3>{swaps.length === 1 ? `Swap ${swaps[0]} is approved: exchange the USB disks` : 'Exchange the USB disks'}</h3>
      <p className="small">The chain has moved the batteries. Move their disks to match; until then both sides show an alert.</p>
      <ol>
        {props.moves.map((m) => {
          const from = demoDeviceName(m.from)
          const to = demoDeviceName(m.to)
          return (
            <li key={`${m.direction}-${m.batteryId}`} data-testid={`handover-${m.direction}-${m.batteryId}`} data-folder={m.folder ?? ''}>
              <div>{sentence(m, here)}</div>
              {m.folder && from && to && (
                <div className="small muted">
                  In the demo: <code data-testid="usb-move-command">npx evswap usb move {m.folder} {from} {to}</code>
                </div>
              )}
            </li>
          )
        })}
      </ol>
    </section>
  )
}

function sentence(m: DiskMove, here: string): string {
  const what = `${m.brand}, battery ${m.batteryId}`
  if (m.direction === 'out') return `Take the USB disk ${m.folder} (${what}) out of ${here} and give it to ${unitName(m.to)}.`
  if (m.folder && m.from !== null) return `Take the USB disk ${m.folder} (${what}) from ${unitName(m.from)} and put it in ${here}.`
  const giver = m.from !== null ? capitalize(unitName(m.from)) : 'The other side of the swap'
  return `${giver} gives you the USB disk of battery ${m.batteryId} (${m.brand}): put it in ${here}.`
}
