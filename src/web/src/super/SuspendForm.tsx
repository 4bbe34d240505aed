import { useState } from 'react'
import { useDevice, useOperation } from '../shared/device'
import { OperationFeedback } from '../shared/Feedback'
import { shortHex, unitName } from '../shared/format'
import type { AccountView } from '../shared/types'

/**
 * Suspends one account (a lost or stolen device's key) without pausing the others, and restores it. Lists
 * the accounts that are suspended. What a confirmed operation did is shown at once; the list from the
 * station's index catches up a block later.
 */
export function SuspendForm(props: { accounts: AccountView[] }) {
  const { api } = useDevice()
  const { op, run, pending } = useOperation()
  const [chosen, setChosen] = useState('')
  const [done, setDone] = useState<Record<string, boolean>>({})
  const registered = props.accounts.filter((a) => !a.isSuper && a.role !== 'None')
  const isSuspended = (a: AccountView) => done[a.address.toLowerCase()] ?? a.suspended === true
  const suspended = registered.filter(isSuspended)
  const active = registered.filter((a) => !isSuspended(a))
  const change = (a: AccountView, suspend: boolean) =>
    void run(`${suspend ? 'Suspend' : 'Restore'} ${unitName(a.unit)}`, async () => {
      const r = await api.setSuspended(a.address, suspend)
      if (r.status === 'confirmed') {
        setDone((d) => ({ ...d, [a.address.toLowerCase()]: suspend }))
        if (suspend) setChosen('')
      }
      return r
    })
  // Values in lower case: the index lists addresses in lower case, a device in checksum case.
  const target = active.find((a) => a.address.toLowerCase() === chosen)
  return (
    <div className="card form" data-testid="suspend-form">
      <h3>Suspend an account</h3>
      <p className="muted small">For a lost or stolen device: its requests are refused, and its batteries and E-coin stay as they are until you restore it. Everyone else carries on.</p>
      <div className="form-row">
        <label htmlFor="suspend-account">Account</label>
        <select id="suspend-account" data-testid="suspend-account" value={chosen} onChange={(e) => setChosen(e.target.value.toLowerCase())}>
          <option value="">Choose an account…</option>
          {active.map((a) => (
            <option key={a.address} value={a.address.toLowerCase()}>
              {unitName(a.unit)} · {shortHex(a.address, 6)}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="danger" data-testid="suspend" disabled={pending || !target} onClick={() => target && change(target, true)}>
        Suspend
      </button>
      <p className="small" data-testid="suspended-count">
        {suspended.length === 0 ? 'No account is suspended.' : `${suspended.length === 1 ? 'One account is' : `${suspended.length} accounts are`} suspended:`}
      </p>
      {suspended.length > 0 && (
        <ul className="rows">
          {suspended.map((a) => (
            <li key={a.address} className="row" data-testid={`suspended-${a.address.toLowerCase()}`}>
              <div>
                <strong>{unitName(a.unit)}</strong> <span className="chip status-Recycled">suspended</span>
                <div className="mono small" title={a.address}>
                  {shortHex(a.address, 6)}
                </div>
              </div>
              <button type="button" className="secondary" data-testid={`restore-${a.address.toLowerCase()}`} disabled={pending} onClick={() => change(a, false)}>
                Restore
              </button>
            </li>
          ))}
        </ul>
      )}
      <OperationFeedback
        op={op}
        summary={() => (op?.what.startsWith('Suspend') ? 'Its requests are refused from now on; its batteries and E-coin stay as they are.' : 'It can act again.')}
      />
    </div>
  )
}
