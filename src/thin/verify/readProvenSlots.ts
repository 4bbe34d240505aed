import type { Address, Hex } from 'viem'
import { EvswapError } from '../../sdk/errors/EvswapError.js'
import type { StationClient } from '../agent/createStationClient.js'
import type { AcceptedHeader } from './AcceptedHeader.js'
import { ChainMovedError } from './ChainMovedError.js'
import { ProofError } from './ProofError.js'
import { startCheckClock } from './startCheckClock.js'
import { StationLiedError } from './StationLiedError.js'
import { stationStillHolds } from './stationStillHolds.js'
import { verifyAccountProof } from './verifyAccountProof.js'
import { verifyStorageProof } from './verifyStorageProof.js'

type ProofBody = { block: number; nonce: Hex; balance: Hex; storageHash: Hex; codeHash: Hex; accountProof: Hex[]; storageProof: { value: Hex; proof: Hex[] }[] }

/**
 * Asks the station for `GET /api/chain/proof` of `slots` of `address` at the accepted header's block and
 * proves every value against its stateRoot. What the station claims beside the proof (nonce, balance,
 * storageHash, codeHash, each slot's value) must equal what is proven.
 *
 * @throws StationLiedError when a proof does not match, or a claim differs from the proven value
 * @throws ChainMovedError when a proof does not match because the station's chain no longer holds the block
 * @example
 * const { values } = await readProvenSlots(station, header, forwarder, [slot])
 */
export async function readProvenSlots(station: StationClient, header: AcceptedHeader, address: Address, slots: readonly Hex[]) {
  const query = [`address=${address}`, ...slots.map((s) => `slot=${s}`), `block=${header.number}`].join('&')
  const r = await station.request<ProofBody>('GET', `/api/chain/proof?${query}`)
  const p = r.body
  if (r.status !== 200 || !p || !Array.isArray(p.accountProof) || !Array.isArray(p.storageProof)) {
    throw new EvswapError(`station ${r.station} did not serve the proof of ${address} at block ${header.number} (HTTP ${r.status})`, { hint: 'a station older than this device has no /api/chain routes; update it', code: 'NO_PROOF' })
  }
  const lie = (claim: string, proven?: string, cause?: unknown) =>
    new StationLiedError({ station: r.station, claim, ...(proven ? { proven } : {}), ...(cause ? { cause } : {}) })
  const at = `at block ${header.number}`
  if (p.storageProof.length !== slots.length) throw lie(`it answered ${p.storageProof.length} storage proofs for the ${slots.length} slots of ${address} asked ${at}`)
  // What the checks below cost the device: they await nothing but hashing (no I/O).
  const stop = startCheckClock()
  try {
    const account = await verifyAccountProof(header.stateRoot, address, p.accountProof)
    const claimed = { nonce: BigInt(p.nonce), balance: BigInt(p.balance), storageRoot: p.storageHash.toLowerCase(), codeHash: p.codeHash.toLowerCase() }
    for (const field of ['nonce', 'balance', 'storageRoot', 'codeHash'] as const) {
      if (claimed[field] !== account[field]) throw lie(`the ${field} of ${address} is ${claimed[field]} ${at}`, `it is ${account[field]}`)
    }
    const values: bigint[] = []
    for (const [i, slot] of slots.entries()) {
      const value = await verifyStorageProof(account.storageRoot, slot, p.storageProof[i]!.proof)
      const claim = BigInt(p.storageProof[i]!.value)
      if (claim !== value) throw lie(`slot ${slot} of ${address} holds ${claim} ${at}`, `it holds ${value}`)
      values.push(value)
    }
    const check = stop()
    return { account: { nonce: account.nonce, balance: account.balance, storageRoot: account.storageRoot }, values, bytes: JSON.stringify(p).length, check }
  } catch (e) {
    if (e instanceof ProofError) {
      // Proven against another block's state: a lie, unless the station's chain no longer holds the block.
      if (!(await stationStillHolds(station, header))) throw new ChainMovedError(header.number, r.station)
      throw lie(`its proof for ${address} ${at} does not hold: ${e.shortMessage}`, `the stateRoot of accepted block ${header.number} is ${header.stateRoot}`, e)
    }
    if (e instanceof SyntaxError || e instanceof TypeError) throw lie(`its proof for ${address} ${at} is malformed (${e.message})`, undefined, e)
    throw e
  }
}
