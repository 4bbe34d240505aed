import { useDevice, useFetch } from '../shared/device'
import { ErrorBox, Loading } from '../shared/Feedback'
import { shortHex } from '../shared/format'
import { Section } from '../shared/Layout'

/** The chain network: every node's head, peers and lag, and the Clique signers. */
export function NetworkPanel() {
  const { api } = useDevice()
  const net = useFetch(() => api.network(), [])
  const n = net.data
  return (
    <Section title="Network" testId="network">
      {net.error && <ErrorBox error={net.error} title="Network" retry={net.reload} />}
      {!n && !net.error && <Loading what="Asking the nodes" />}
      {n && (
        <>
          <dl className="kv card">
            <dt>Head block</dt>
            <dd data-testid="head-block">#{String(n.head)}</dd>
            <dt>Nodes</dt>
            <dd>{n.nodes.length}</dd>
            <dt>Signers</dt>
            <dd>
              {(n.signers ?? []).length === 0
                ? 'none (embedded dev chain)'
                : (n.signers ?? []).map((s) => (
                    <div key={s} className="mono" title={s}>
                      {shortHex(s, 6)}
                    </div>
                  ))}
            </dd>
          </dl>
          <ul className="rows">
            {n.nodes.map((node) => (
              <li key={node.url} className="row" data-testid="network-node">
                <div className="mono small">{node.url}</div>
                <div>
                  {node.up === false || node.head === null || node.head === undefined ? (
                    <span className="bad">not answering</span>
                  ) : (
                    <>
                      head #{String(node.head)}
                      {typeof node.peers === 'number' ? ` · ${node.peers} ${node.peers === 1 ? 'peer' : 'peers'}` : ''}
                      {typeof node.lag === 'number' && node.lag > 0 ? ` · ${node.lag} blocks behind` : ''}
                    </>
                  )}
                </div>
                <div className="small muted">{node.signer ? `signer${typeof node.signer === 'string' ? ` ${shortHex(node.signer)}` : ''}` : node.signer === false ? 'not a signer' : ''}</div>
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  )
}
