import { useDevice, useFetch } from '../shared/device'
import { ErrorBox, Loading } from '../shared/Feedback'
import { shortHex } from '../shared/format'
import { Section } from '../shared/Layout'
import type { LastBatch, NetworkOverview } from '../shared/types'
import './network.css'
import { NodeList } from './NodeList'
import { SealingTables } from './SealingTables'
import { signerLabel } from './signerLabel'
import { timeUtc } from './timeUtc'
import { useHeads } from './useHeads'

/**
 * The network page of a station's GUI (and the super account's): one line in plain words ("This station is
 * sealing; 3 of 3 signers online"), the head and its age, this station's node and relay, the signers and
 * who sealed the last blocks, and every node's head. It reads again at each new block the station reports.
 * On the embedded dev chain it says there are no signers instead of showing empty tables.
 */
export function NetworkPanel() {
  const { api, state } = useDevice()
  // A station serves its GUI and its own view; a device's GUI (the demo's super account) asks its station
  // through the device, without the station's head events, so it refreshes when the device reports a change.
  const fromDevice = state.servedByStation !== true
  const own = useFetch(fromDevice ? null : () => api.networkOverview(), [fromDevice])
  const viaDevice = useFetch(fromDevice ? () => api.deviceNetworkOverview() : null, [fromDevice])
  const overview = fromDevice ? viaDevice : own
  const nodes = useFetch(() => api.network(), [])
  useHeads(() => (own.reload(), nodes.reload()), own.data !== undefined)
  const o = overview.data
  return (
    <Section title="Network" id="network" testId="network">
      {overview.error &&
        (overview.error.status === 404 ? (
          <p className="muted">This device's station does not describe its network (it runs an older version).</p>
        ) : (
          <ErrorBox error={overview.error} title="Network" retry={overview.reload} />
        ))}
      {!o && !overview.error && <Loading what="Asking the station's node" />}
      {o && <Overview overview={o} />}
      <h3>Nodes</h3>
      {nodes.error && <ErrorBox error={nodes.error} title="Nodes" retry={nodes.reload} />}
      {nodes.data ? <NodeList network={nodes.data} signers={o?.signers ?? []} /> : !nodes.error && <Loading what="Asking the nodes" />}
    </Section>
  )
}

function Overview(props: { overview: NetworkOverview }) {
  const o = props.overview
  const me = o.signers.find((s) => s.self)
  const worrying = o.stalled || o.online < o.signers.length || (o.clique && !!me && !me.online)
  return (
    <>
      <p className={`network-summary${worrying ? ' bad' : ''}`} data-testid="network-summary">
        {o.summary}
      </p>
      <dl className="kv card">
        <dt>Head block</dt>
        <dd data-testid="head-block" data-number={o.head?.number}>
          {o.head ? `#${o.head.number}, made ${o.head.ageSeconds} s ago` : 'none yet'}
        </dd>
        <dt>This station's node</dt>
        <dd data-testid="network-self">
          {!o.clique
            ? 'the embedded dev chain: the only node, it makes every block itself'
            : [
                me ? `seals as ${signerLabel(me)}` : 'not a signer: it follows the chain without sealing',
                o.station.mining === false && me ? 'its miner is stopped' : null,
                o.station.peers === null ? null : `${o.station.peers} ${o.station.peers === 1 ? 'peer' : 'peers'}`,
              ]
                .filter(Boolean)
                .join(' · ')}
        </dd>
        <dt>Relay queue</dt>
        <dd data-testid="network-relay">
          {o.relay.queued} waiting · {o.relay.inFlight} {o.relay.inFlight === 1 ? 'batch' : 'batches'} in flight
        </dd>
        <dt>Last batch</dt>
        <dd data-testid="network-last-batch">{o.relay.lastBatch ? <LastBatchLine batch={o.relay.lastBatch} /> : 'none sent since this station started'}</dd>
      </dl>
      {o.clique && <SealingTables overview={o} />}
    </>
  )
}

const OUTCOME: Record<LastBatch['outcome'], (b: LastBatch) => string> = {
  sent: () => 'sent, no receipt yet',
  mined: (b) => `mined in block #${b.blockNumber}, ${Number(b.gasUsed).toLocaleString('en-US')} gas`,
  reverted: (b) => `reverted as a whole in block #${b.blockNumber}; its requests are tried again`,
  no_receipt: () => 'no receipt came in time; its requests went back to the queue',
}

function LastBatchLine(props: { batch: LastBatch }) {
  const b = props.batch
  return (
    <>
      {b.size} {b.size === 1 ? 'request' : 'requests'} in{' '}
      <span className="mono" title={b.txHash}>
        {shortHex(b.txHash, 6)}
      </span>
      , sent at {timeUtc(b.sentAt)} UTC: {OUTCOME[b.outcome](b)}
    </>
  )
}
