import type { NetworkView } from '../shared/types'
import { signerLabel } from './signerLabel'

/** Every node the station knows of (`GET /api/network`): its head, peers, lag, and whether it seals, and as whom. */
export function NodeList(props: { network: NetworkView; signers?: { address: string; name: string | null }[] }) {
  const signer = (address: string) => signerLabel(props.signers?.find((s) => s.address.toLowerCase() === address.toLowerCase()) ?? { address, name: null })
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
          <div className="small muted">{node.signer ? `signer${typeof node.signer === 'string' ? ` ${signer(node.signer)}` : ''}` : node.signer === false ? 'not a signer' : ''}</div>
        </li>
      ))}
    </ul>
  )
}
