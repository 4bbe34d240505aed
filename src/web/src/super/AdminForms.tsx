import { useState, type FormEvent } from 'react'
import { SuspendForm } from './SuspendForm'
import { HoldTermsForm } from './HoldTermsForm'
import { PlaceStationForm } from './PlaceStationForm'
import { useDevice, useFetch, useOperation } from '../shared/device'
import { OperationFeedback } from '../shared/Feedback'
import { formatECoin, parseECoin, roleLabel, shortHex, unitName } from '../shared/format'
import { useNames } from '../shared/names'
import { Section } from '../shared/Layout'
import { EMPTY_PLACE, PlaceFields, readPlaceDraft } from '../shared/PlaceFields'
import type { AccountView, OperationName } from '../shared/types'

const isAddress = (s: string) => /^0x[0-9a-fA-F]{40}$/.test(s.trim())
const OPERATIONS: OperationName[] = ['Swap', 'Charge', 'Discharge', 'Recycle', 'RegisterBattery']

/** The super account's operations, one small form each, with inline results. */
export function AdminForms(props: { accounts: AccountView[] }) {
  return (
    <Section title="Administration" testId="admin">
      <div className="grid">
        <RegisterForm />
        <GrantForm accounts={props.accounts} />
        <FeeForm />
        <EnergyPriceForm />
        <HoldTermsForm />
        <PlaceStationForm accounts={props.accounts} />
        <PauseForm />
        <SuspendForm accounts={props.accounts} />
      </div>
    </Section>
  )
}

function RegisterForm() {
  const { api } = useDevice()
  const { op, run, pending } = useOperation()
  const [account, setAccount] = useState('')
  const [role, setRole] = useState<'EVOwner' | 'StationOperator'>('EVOwner')
  const [unitId, setUnitId] = useState('')
  const [place, setPlace] = useState(EMPTY_PLACE)
  const [problem, setProblem] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const id = Number(unitId)
    if (!isAddress(account)) return setProblem('Address must be 0x and 40 hex digits.')
    if (!Number.isInteger(id) || id < 1 || id > 0x7fffffff) return setProblem('Unit id must be a whole number from 1 to 2147483647.')
    const where = role === 'StationOperator' ? readPlaceDraft(place) : null
    if (typeof where === 'string') return setProblem(where)
    setProblem(null)
    void run(`Register ${shortHex(account.trim())} as the ${roleLabel[role]?.toLowerCase()} of ${role === 'EVOwner' ? `EV ${id}` : `station ${id}`}`, async () => {
      const registered = await api.register({ account: account.trim(), role, unitId: id })
      // A station is placed in the same step: registered first, since only a registered station can be placed.
      if (!where || registered.status !== 'confirmed') return registered
      return api.setStationPlace({ stationId: id, place: where })
    })
  }
  return (
    <form className="card form" onSubmit={submit} data-testid="register-form" noValidate>
      <h3>Register an account</h3>
      <div className="form-row">
        <label htmlFor="reg-address">Address</label>
        <input id="reg-address" className="mono" placeholder="0x…" value={account} onChange={(e) => setAccount(e.target.value)} autoComplete="off" spellCheck={false} />
      </div>
      <div className="form-row">
        <label htmlFor="reg-role">Role</label>
        <select id="reg-role" data-testid="register-role" value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
          <option value="EVOwner">EV owner</option>
          <option value="StationOperator">Station operator</option>
        </select>
      </div>
      <div className="form-row">
        <label htmlFor="reg-unit">{role === 'EVOwner' ? 'EV id' : 'Station id'}</label>
        <input id="reg-unit" inputMode="numeric" value={unitId} onChange={(e) => setUnitId(e.target.value)} />
      </div>
      {Number(unitId) > 0 && <p className="muted small">Unit: {role === 'EVOwner' ? unitName(Number(unitId)) : `station ${Number(unitId)}`}</p>}
      {role === 'StationOperator' && <PlaceFields id="reg-place" draft={place} onChange={setPlace} />}
      {problem && <p className="form-problem">{problem}</p>}
      <button type="submit" disabled={pending}>
        Register
      </button>
      <OperationFeedback op={op} summary={() => `The account can now act as ${role === 'EVOwner' ? `EV ${Number(unitId)}` : `station ${Number(unitId)}, placed at ${place.name.trim()}`}; grant it E-coin so that it can pay for swaps and fees.`} />
    </form>
  )
}

function GrantForm(props: { accounts: AccountView[] }) {
  const { api } = useDevice()
  const names = useNames()
  const { op, run, pending } = useOperation()
  const [to, setTo] = useState('')
  const [amount, setAmount] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const cents = parseECoin(amount)
    if (!isAddress(to)) return setProblem('Choose an account or paste a 0x address.')
    if (cents === null || cents === '0') return setProblem('Amount must be E-coin with at most 2 decimals, more than 0.')
    setProblem(null)
    void run(`Grant ${formatECoin(cents)} to ${names.name(to.trim())}`, () => api.grant({ to: to.trim(), amount: cents }))
  }
  return (
    <form className="card form" onSubmit={submit} data-testid="grant-form" noValidate>
      <h3>Grant E-coin</h3>
      <div className="form-row">
        <label htmlFor="grant-to">To</label>
        <input id="grant-to" className="mono" list="grant-accounts" placeholder="0x…" value={to} onChange={(e) => setTo(e.target.value)} autoComplete="off" spellCheck={false} />
        <datalist id="grant-accounts">
          {props.accounts
            .filter((a) => !a.isSuper)
            .map((a) => (
              <option key={a.address} value={a.address}>
                {unitName(a.unit)}
              </option>
            ))}
        </datalist>
      </div>
      <div className="form-row">
        <label htmlFor="grant-amount">Amount (E-coin)</label>
        <input id="grant-amount" inputMode="decimal" placeholder="100.00" value={amount} onChange={(e) => setAmount(e.target.value)} />
      </div>
      {problem && <p className="form-problem">{problem}</p>}
      <button type="submit" disabled={pending}>
        Grant
      </button>
      <OperationFeedback op={op} />
    </form>
  )
}

function FeeForm() {
  const { api } = useDevice()
  const { op, run, pending } = useOperation()
  const [operation, setOperation] = useState<OperationName>('Swap')
  const [fee, setFee] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const cents = parseECoin(fee)
    if (cents === null) return setProblem('Fee must be E-coin with at most 2 decimals (0 for none).')
    setProblem(null)
    void run(`Set the ${operationLabel(operation).toLowerCase()} fee to ${formatECoin(cents)}`, () => api.setFee({ operation, fee: cents }))
  }
  return (
    <form className="card form" onSubmit={submit} data-testid="fee-form" noValidate>
      <h3>Fee per operation</h3>
      <div className="form-row">
        <label htmlFor="fee-op">Operation</label>
        <select id="fee-op" value={operation} onChange={(e) => setOperation(e.target.value as OperationName)}>
          {OPERATIONS.map((o) => (
            <option key={o} value={o}>
              {operationLabel(o)}
            </option>
          ))}
        </select>
      </div>
      <div className="form-row">
        <label htmlFor="fee-amount">Fee (E-coin)</label>
        <input id="fee-amount" inputMode="decimal" placeholder="2.00" value={fee} onChange={(e) => setFee(e.target.value)} />
      </div>
      {problem && <p className="form-problem">{problem}</p>}
      <button type="submit" disabled={pending}>
        Set fee
      </button>
      <OperationFeedback op={op} />
    </form>
  )
}

function EnergyPriceForm() {
  const { api } = useDevice()
  const { op, run, pending } = useOperation()
  const [price, setPrice] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const cents = parseECoin(price)
    if (cents === null) return setProblem('Price must be E-coin per kWh with at most 2 decimals.')
    setProblem(null)
    void run(`Set the energy price to ${formatECoin(cents)} per kWh`, () => api.setEnergyPrice({ pricePerKWh: cents }))
  }
  return (
    <form className="card form" onSubmit={submit} data-testid="energy-price-form" noValidate>
      <h3>Energy price</h3>
      <p className="muted small">Part of every battery's price: the value of the energy it holds.</p>
      <div className="form-row">
        <label htmlFor="energy-price">Price (E-coin per kWh)</label>
        <input id="energy-price" inputMode="decimal" placeholder="0.30" value={price} onChange={(e) => setPrice(e.target.value)} />
      </div>
      {problem && <p className="form-problem">{problem}</p>}
      <button type="submit" disabled={pending}>
        Set energy price
      </button>
      <OperationFeedback op={op} />
    </form>
  )
}

function operationLabel(o: OperationName): string {
  return o === 'RegisterBattery' ? 'Register battery' : o
}

/** Pauses or resumes every user operation on the network (the contracts refuse them while paused). */
function PauseForm() {
  const { api } = useDevice()
  const { op, run, pending } = useOperation()
  const state = useFetch(() => api.paused(), [])
  const paused = state.data?.paused
  return (
    <div className="card form" data-testid="pause-form">
      <h3>Pause operations</h3>
      <p className="small" data-testid="pause-state">
        {paused === undefined
          ? 'Reading whether operations are paused…'
          : paused
            ? 'Operations are paused: registering batteries, charges, discharges, swaps and recycling are refused.'
            : 'Operations run normally.'}
      </p>
      <p className="muted small">For maintenance or an incident. Registering accounts, grants and fees still work while paused.</p>
      {paused === false && (
        <button type="button" className="danger" data-testid="pause" disabled={pending} onClick={() => void run('Pause operations', () => api.setPaused(true))}>
          Pause operations
        </button>
      )}
      {paused === true && (
        <button type="button" data-testid="resume" disabled={pending} onClick={() => void run('Resume operations', () => api.setPaused(false))}>
          Resume operations
        </button>
      )}
      <OperationFeedback op={op} summary={() => (op?.what === 'Pause operations' ? 'Every role now sees that operations are paused.' : 'Operations run again for every role.')} />
    </div>
  )
}
