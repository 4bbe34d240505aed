import { createContext, useContext, useMemo, type ReactNode } from 'react'
import { sameAddress } from './battery'
import { useFetch, useDevice } from './device'
import { shortHex, unitName } from './format'
import type { AccountView } from './types'

export type Names = {
  /** An account by what a person calls it: "EV 1", "station 2", "the super account"; a short address if unknown. */
  name(address: string | null | undefined): string
  /** Like `name`, but "you" for this device's own account. */
  who(address: string | null | undefined): string
  /** The unit id of a registered account (EV id, or the station flag | station id), if known. */
  unitOf(address: string | null | undefined): number | null
}

const NamesContext = createContext<Names | null>(null)

/** Loads the registered accounts once (and on every change the device reports) so every view can say names. */
export function NamesProvider(props: { children: ReactNode }) {
  const { api, state } = useDevice()
  const accounts = useFetch(() => api.accounts(), [])
  const value = useMemo(() => namesFrom(accounts.data ?? [], state.address), [accounts.data, state.address])
  return <NamesContext.Provider value={value}>{props.children}</NamesContext.Provider>
}

/** The names of accounts, from `NamesProvider`. */
export function useNames(): Names {
  const v = useContext(NamesContext)
  if (!v) throw new Error('useNames outside <NamesProvider>')
  return v
}

function namesFrom(accounts: AccountView[], me: string): Names {
  const find = (address: string | null | undefined) => accounts.find((a) => sameAddress(a.address, address))
  const name = (address: string | null | undefined) => {
    if (!address || /^0x0{40}$/i.test(address)) return 'nobody'
    const a = find(address)
    if (a?.isSuper) return 'the super account'
    if (a && a.unit) return unitName(a.unit)
    return shortHex(address)
  }
  return {
    name,
    who: (address) => (sameAddress(address, me) ? 'you' : name(address)),
    unitOf: (address) => find(address)?.unit || null,
  }
}
