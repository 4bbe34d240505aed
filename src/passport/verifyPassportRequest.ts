import { isHex, recoverTypedDataAddress, type Address, type Hex } from 'viem'
import { passportRequestTypes, type passportRequestDomain, type PassportRequestMessage } from './passportRequestTypes.js'

const UINT32_MAX = 2 ** 32 - 1
const UINT64_MAX = 2n ** 64n - 1n

const iso = (unixSeconds: bigint) => new Date(Number(unixSeconds) * 1000).toISOString()

function toExpires(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v)
  if (typeof v === 'string' && /^[0-9]{1,20}$/.test(v)) return BigInt(v)
  return undefined
}

/**
 * Recovers who signed a request for battery `batteryId`'s legitimate-interest passport, after checking it
 * is well formed, for that battery, for the legitimate tier, and not expired at `now` (unix seconds).
 * Whether the signer may read it is `checkPassportAccess`'s call.
 *
 * @example
 * const r = await verifyPassportRequest({ batteryId: 3, domain, message, signature, now: Math.floor(Date.now() / 1000) })
 * if (!r.ok) reply.code(400).send({ error: r.reason })
 */
export async function verifyPassportRequest(p: {
  batteryId: number
  domain: ReturnType<typeof passportRequestDomain>
  message: PassportRequestMessage
  signature: Hex | string
  now: number
}): Promise<{ ok: true; signer: Address } | { ok: false; reason: string }> {
  const m = p.message as Partial<Record<keyof PassportRequestMessage, unknown>> | null | undefined
  if (typeof m !== 'object' || m === null) return { ok: false, reason: 'The passport request has no message: it needs batteryId, tier and expires.' }
  if (typeof m.batteryId !== 'number' || !Number.isInteger(m.batteryId) || m.batteryId < 0 || m.batteryId > UINT32_MAX) {
    return { ok: false, reason: `The passport request's batteryId, ${JSON.stringify(m.batteryId)}, is not a battery number (a whole number from 0 to ${UINT32_MAX}).` }
  }
  if (m.batteryId !== p.batteryId) {
    return { ok: false, reason: `This passport request was signed for battery ${m.batteryId}, not battery ${p.batteryId}.` }
  }
  if (m.tier !== 'legitimate') {
    return { ok: false, reason: `The passport request asks for the ${JSON.stringify(m.tier)} tier; only the "legitimate" tier needs a signed request.` }
  }
  const expires = toExpires(m.expires)
  if (expires === undefined || expires > UINT64_MAX) {
    return { ok: false, reason: `The passport request's expires, ${JSON.stringify(String(m.expires))}, is not a time in unix seconds.` }
  }
  if (expires <= BigInt(p.now)) {
    return { ok: false, reason: `The passport request for battery ${p.batteryId} expired at ${iso(expires)} (it is now ${iso(BigInt(p.now))}); sign a new one.` }
  }
  if (typeof p.signature !== 'string' || !isHex(p.signature) || p.signature.length !== 132) {
    return { ok: false, reason: 'The passport request\'s signature is not a 65-byte hex signature (0x and 130 hex digits).' }
  }
  try {
    const signer = await recoverTypedDataAddress({
      domain: p.domain,
      types: passportRequestTypes,
      primaryType: 'PassportRequest',
      message: { batteryId: m.batteryId, tier: m.tier, expires },
      signature: p.signature,
    })
    return { ok: true, signer }
  } catch {
    return { ok: false, reason: `The passport request's signature for battery ${p.batteryId} could not be read (no signer recovers from it).` }
  }
}
