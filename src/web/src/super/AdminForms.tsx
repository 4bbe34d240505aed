import { useState, type FormEvent } from 'react'
import { useDevice, useOperation } from '../shared/device'
import { OperationFeedback } from '../shared/Feedback'
import { parseECoin, roleLabel, shortHex, unitName } from '../shared/format'
import { Section } from '../shared/Layout'
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
  const [problem, setProblem] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const id = Number(unitId)
    if (!isAddress(account)) return setProblem('Address must be 0x and 40 hex digits.')
    if (!Number.isInteger(id) || id < 1 || id > 0x7fffffff) return setProblem('Unit id must be a whole number from 1 to 2147483647.')
    setProblem(null)
    void run(`Register ${shortHex(account.trim())} as ${roleLabel[role]} of ${role === 'EVOwner' ? `EV ${id}` : `station ${id}`}`, () =>
      api.register({ account: account.trim(), role, unitId: id }),
    )
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
      {problem && <p className="form-problem">{problem}</p>}
      <button type="submit" disabled={pending}>
        Register
      </button>
      <OperationFeedback op={op} />
    </form>
  )
}

function GrantForm(props: { accounts: AccountView[] }) {
  const { api } = useDevice()
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
    void run(`Grant ${amount} E-coin to ${shortHex(to.trim())}`, () => api.grant({ to: to.trim(), amount: cents }))
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
    void run(`Set the ${operation} fee to ${fee} E-coin`, () => api.setFee({ operation, fee: cents }))
  }
  return (
    <form className="card form" onSubmit={submit} data-testid="fee-form" noValidate>
      <h3>Fee per operation</h3>
      <div className="form-row">
        <label htmlFor="fee-op">Operation</label>
        <select id="fee-op" value={operation} onChange={(e) => setOperation(e.target.value as OperationName)}>
          {OPERATIONS.map((o) => (
            <option key={o} value={o}>
              {o === 'RegisterBattery' ? 'Register battery' : o}
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
    void run(`Set the energy price to ${price} E-coin/kWh`, () => api.setEnergyPrice({ pricePerKWh: cents }))
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
