import type { NetworkOverview } from '../shared/types'
import { signerLabel } from './signerLabel'
import { timeUtc } from './timeUtc'


/**
 * The signers (online or silent, by the rule the page states) and the last blocks with who sealed each:
 * what a Clique chain's health is made of. Only for a chain with signers; the embedded dev chain has none.
 */
export function SealingTables(props: { overview: NetworkOverview }) {
  const o = props.overview
  const needed = Math.floor(o.signers.length / 2) + 1
  return (
    <div className="network-tables">
      <div>
        <h3>Signers</h3>
        <div className="table-scroll">
          <table className="chart-table" data-testid="network-signers">
            <thead>
              <tr>
                <th scope="col">Signer</th>
                <th scope="col">State</th>
                <th scope="col" className="num" title={`blocks it sealed of the last ${o.window}`}>
                  Of last {o.window}
                </th>
                <th scope="col" className="num" title="the last block it sealed">
                  Last
                </th>
              </tr>
            </thead>
            <tbody>
              {[...o.signers]
                .sort((a, b) => (a.name ?? a.address).localeCompare(b.name ?? b.address, undefined, { numeric: true }))
                .map((s) => (
                  <tr key={s.address} title={s.address} data-testid="network-signer">
                    <td>
                      {signerLabel(s)} {s.self && <span className="chip">this station</span>}
                    </td>
                    <td>{s.online ? <span className="chip status-InService">online</span> : <span className="chip status-Recycled">silent</span>}</td>
                    <td className="num">{s.sealed}</td>
                    <td className="num">{s.lastSealed === null ? `before #${o.blocks.at(-1)?.number ?? '—'}` : `#${s.lastSealed}`}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
        <p className="muted small" data-testid="network-online-rule">
          Online means it sealed at least one of the last {o.window} blocks: two rounds of the {o.signers.length} signers, each of which seals its turn once a round. The chain
          goes on while {needed} of them are online.
        </p>
      </div>
      <div>
        <h3>Last blocks</h3>
        <div className="table-scroll">
          <table className="chart-table" data-testid="network-blocks">
            <thead>
              <tr>
                <th scope="col">Block</th>
                <th scope="col">Sealed by</th>
                <th scope="col">Turn</th>
                <th scope="col" className="num" title="transactions in the block">
                  Txs
                </th>
                <th scope="col">Time (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {o.blocks.map((b) => (
                <tr key={b.hash} title={b.hash} data-testid="network-block">
                  <td>#{b.number}</td>
                  <td data-testid="network-block-sealer">{b.sealer ? signerLabel({ address: b.sealer, name: b.sealerName }) : '—'}</td>
                  <td>{b.inTurn === null ? '—' : b.inTurn ? 'in turn' : 'out of turn'}</td>
                  <td className="num">{b.transactions}</td>
                  <td>{timeUtc(b.timestamp)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  )
}
