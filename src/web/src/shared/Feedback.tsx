import type { ApiError } from './api'
import type { OperationState } from './device'
import { formatMs, shortHex } from './format'
import type { OperationResult } from './types'

export function Loading(props: { what?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {props.what ?? 'Loading'}…
    </div>
  )
}

/** An API error, inline: its message, the hint of what to do next, and the field it names. */
export function ErrorBox(props: { error: ApiError; title?: string; retry?: () => void }) {
  const e = props.error
  return (
    <div className="error-box" data-testid="error" aria-live="assertive">
      <strong>{props.title ?? 'Error'}:</strong> {e.message}
      {e.field && <span className="muted"> (field: {e.field})</span>}
      {e.hint && <div className="hint">Hint: {e.hint}</div>}
      <div className="muted small">
        {e.status ? `HTTP ${e.status}` : 'no answer'} · {e.code}
      </div>
      {props.retry && (
        <button type="button" className="secondary small-button" onClick={props.retry}>
          Retry
        </button>
      )}
    </div>
  )
}

/** An operation's outcome: status, transaction, block, latency, or why it failed. */
export function OperationResultView(props: { what: string; result: OperationResult }) {
  const r = props.result
  const ok = r.status === 'confirmed'
  return (
    <div className={`op-result ${ok ? 'ok' : 'fail'}`} data-testid="op-result" data-status={r.status} aria-live="polite">
      <div>
        <strong>{props.what}</strong>: <span className="op-status">{ok ? 'confirmed' : 'failed'}</span>
      </div>
      <dl className="kv compact">
        {r.txHash && (
          <>
            <dt>Tx</dt>
            <dd className="mono" title={r.txHash} data-testid="op-tx">
              {shortHex(r.txHash, 6)}
            </dd>
          </>
        )}
        {r.blockNumber !== undefined && (
          <>
            <dt>Block</dt>
            <dd>#{r.blockNumber}</dd>
          </>
        )}
        <dt>Latency</dt>
        <dd data-testid="op-latency">{formatMs(r.latencyMs)}</dd>
      </dl>
      {r.error && <div className="op-error">{r.error}</div>}
    </div>
  )
}

/** Pending spinner, result or error of the last operation run through `useOperation`. */
export function OperationFeedback(props: { op: OperationState | null }) {
  const op = props.op
  if (!op) return null
  if (op.pending) return <Loading what={`${op.what}: signing and waiting for the block`} />
  if (op.error) return <ErrorBox error={op.error} title={`${op.what} refused`} />
  if (op.result) return <OperationResultView what={op.what} result={op.result} />
  return null
}
