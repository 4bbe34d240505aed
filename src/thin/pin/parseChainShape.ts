import { getAddress, isAddress, isHex, type Address, type Hex } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'
import type { StationConfig } from './StationConfig.js'

const ADDRESS_FIELDS = ['forwarder', 'batteryProcess', 'balanceProcess', 'batteryInterface', 'stationDirectory', 'superAccount', 'deployer'] as const

/**
 * The chain, deployment and signers out of untrusted JSON (a station's `/api/config`, or the pin's own
 * file), checked field by field; addresses come out checksummed. Answers what is missing when it is not
 * all there, in words for a sentence ("its chain's genesis hash").
 *
 * @example
 * const shape = parseChainShape(body)
 * if (typeof shape === 'string') throw new Error(`no ${shape}`)
 */
export function parseChainShape(body: unknown): StationConfig | string {
  const b = (body ?? {}) as Record<string, unknown>
  const d = (b.deployment ?? {}) as Record<string, unknown>
  if (!Number.isSafeInteger(b.chainId)) return 'the chain id'
  if (!isHex(b.genesisHash) || b.genesisHash.length !== 66) return "its chain's genesis hash"
  if (!Number.isSafeInteger(d.chainId) || !Number.isSafeInteger(d.block)) return 'the deployment (its chain id and block)'
  if (d.chainId !== b.chainId) return `one chain id (it says ${b.chainId}, its deployment ${d.chainId})`
  for (const f of ADDRESS_FIELDS) if (typeof d[f] !== 'string' || !isAddress(d[f], { strict: false })) return `the address of the deployment's ${f}`
  const deployment = { chainId: d.chainId, block: d.block, ...Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, getAddress(d[f] as string)])) } as Deployment
  const c = b.clique as { epoch?: unknown; signers?: unknown; signersBlock?: unknown } | null | undefined
  if (c === undefined) return 'whether its chain is sealed by Clique signers (the field clique)'
  let clique: StationConfig['clique'] = null
  if (c !== null) {
    const signers: unknown[] = Array.isArray(c.signers) ? c.signers : []
    const valid = signers.length > 0 && signers.every((s) => typeof s === 'string' && isAddress(s, { strict: false }))
    if (!Number.isSafeInteger(c.epoch) || !Number.isSafeInteger(c.signersBlock) || !valid) return "its chain's Clique signers, epoch and block"
    clique = { epoch: c.epoch as number, signers: (signers as string[]).map((s) => getAddress(s) as Address), signersBlock: c.signersBlock as number }
  }
  return { chainId: b.chainId as number, genesisHash: b.genesisHash.toLowerCase() as Hex, deployment, clique }
}
