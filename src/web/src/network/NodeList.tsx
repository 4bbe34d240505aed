import { shortHex } from '../shared/format'
import type { NetworkView } from '../shared/types'

/** Every node the station knows of (`GET /api/network`): its head, peers, lag, and whether it seals. */
export function NodeList(props: { network: NetworkView }) {
  return (
    <ul className="rows">
      {props.network.nodes.map((node) => (
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
  )
}
