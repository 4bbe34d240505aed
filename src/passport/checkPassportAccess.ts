import { isAddressEqual, type Address } from 'viem'

/** An account as the refusal names it: "EV 1", "station 2", "super". */
export type NamedAccount = { name: string; address: Address }

/** Who may read a battery's legitimate-interest passport, and as what. */
export type PassportReader = NamedAccount & { as: 'owner' | 'station' | 'super' }

/**
 * The accounts that may read a battery's legitimate-interest passport: its owner, the station holding it
 * (none while an EV holds it), and the super accounts.
 *
 * @example
 * passportReaders({ owner: { name: 'EV 1', address: ev1 }, holderStationAccount: null, superAccounts: [] })
 */
export function passportReaders(p: { owner: NamedAccount; holderStationAccount: NamedAccount | null; superAccounts: NamedAccount[] }): PassportReader[] {
  return [
    { ...p.owner, as: 'owner' },
    ...(p.holderStationAccount ? [{ ...p.holderStationAccount, as: 'station' as const }] : []),
    ...p.superAccounts.map((a) => ({ ...a, as: 'super' as const })),
  ]
}

function whoMayRead(p: { owner: NamedAccount; holderStationAccount: NamedAccount | null; superAccounts: NamedAccount[] }): string {
  const named = (a: NamedAccount) => `${a.name}, ${a.address}`
  const parts = [`its owner (${named(p.owner)})`]
  if (p.holderStationAccount) parts.push(`the station that holds it (${named(p.holderStationAccount)})`)
  if (p.superAccounts.length > 0) {
    parts.push(`${p.superAccounts.length === 1 ? 'the super account' : 'a super account'} (${p.superAccounts.map(named).join('; ')})`)
  }
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]!}`
}

/**
 * Whether `signer` (from `verifyPassportRequest`) may read battery `batteryId`'s legitimate-interest
 * passport; a refusal is a 403 sentence naming who may.
 *
 * @example
 * const a = checkPassportAccess({ batteryId: 3, signer, owner: { name: 'EV 1', address: ev1 },
 *   holderStationAccount: { name: 'station 2', address: s2 }, superAccounts: [{ name: 'super', address: sup }] })
 * if (!a.ok) reply.code(a.status).send({ error: a.reason })
 */
export function checkPassportAccess(p: {
  batteryId: number
  signer: Address
  /** How the refusal names the signer when it knows it, e.g. "station 5". */
  signerName?: string
  owner: NamedAccount
  holderStationAccount: NamedAccount | null
  superAccounts: NamedAccount[]
}): { ok: true; reader: PassportReader } | { ok: false; status: 403; reason: string } {
  const reader = passportReaders(p).find((r) => isAddressEqual(r.address, p.signer))
  if (reader) return { ok: true, reader }
  const signer = p.signerName ? `${p.signerName} (${p.signer})` : p.signer
  return {
    ok: false,
    status: 403,
    reason: `The legitimate-interest passport of battery ${p.batteryId} is for ${whoMayRead(p)}; ${signer} signed this request.`,
  }
}
