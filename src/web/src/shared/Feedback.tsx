import type { ReactNode } from 'react'
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

/**
 * An operation's outcome in words: what was done and whether the chain took it, what it means for the user
 * (`summary`, when the view has something to say), then where to find it on chain (transaction, block, time).
 */
export function OperationResultView(props: { what: string; result: OperationResult; summary?: ReactNode }) {
  const r = props.result
  const ok = r.status === 'confirmed'
  return (
    <div className={`op-result ${ok ? 'ok' : 'fail'}`} data-testid="op-result" data-status={r.status} aria-live="polite">
      <div>
        <strong>{props.what}</strong>: <span className="op-status">{ok ? 'done, confirmed on chain' : 'refused by the chain'}</span>
      </div>
      {ok && props.summary && <div className="op-summary" data-testid="op-summary">{props.summary}</div>}
      {r.error && <div className="op-error">{r.error}</div>}
      <div className="muted small op-where">
        {r.txHash && (
          <>
            transaction{' '}
            <span className="mono" title={r.txHash} data-testid="op-tx">
              {shortHex(r.txHash, 6)}
            </span>
          </>
        )}
        {r.blockNumber !== undefined && <> · block #{r.blockNumber}</>}
        <span data-testid="op-latency"> · took {formatMs(r.latencyMs)}</span>
      </div>
    </div>
  )
}

/**
 * Pending spinner, result or error of the last operation run through `useOperation`. `summary` says what a
 * confirmed result means; `quietWhenDone` shows nothing once confirmed, where the view says it otherwise.
 */
export function OperationFeedback(props: { op: OperationState | null; summary?: (result: OperationResult) => ReactNode; quietWhenDone?: boolean }) {
  const op = props.op
  if (!op) return null
  if (op.pending) return <Loading what={`${op.what}: signing and waiting for the block`} />
  if (op.error) return <ErrorBox error={op.error} title={`${op.what} refused`} />
  if (op.result?.status === 'confirmed' && props.quietWhenDone) return null
  if (op.result) return <OperationResultView what={op.what} result={op.result} {...(props.summary ? { summary: props.summary(op.result) } : {})} />
  return null
}
