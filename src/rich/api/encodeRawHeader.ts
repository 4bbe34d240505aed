import { keccak256, toRlp, type Hex } from 'viem'

/** A block as eth_getBlockByNumber answers it, the header fields only (hex strings). */
export type RpcBlockHeader = Record<string, unknown> & { hash: Hex; number: Hex }

/** The header fields in the order of geth's `types.Header` RLP; those after `nonce` only when the block has them. */
const FIXED = ['parentHash', 'sha3Uncles', 'miner', 'stateRoot', 'transactionsRoot', 'receiptsRoot', 'logsBloom', 'difficulty', 'number', 'gasLimit', 'gasUsed', 'timestamp', 'extraData', 'mixHash', 'nonce'] as const
const OPTIONAL = ['baseFeePerGas', 'withdrawalsRoot', 'blobGasUsed', 'excessBlobGas', 'parentBeaconBlockRoot', 'requestsHash'] as const
const QUANTITIES = new Set(['difficulty', 'number', 'gasLimit', 'gasUsed', 'timestamp', 'baseFeePerGas', 'blobGasUsed', 'excessBlobGas'])

/**
 * A block header's RLP, rebuilt from the JSON fields of eth_getBlockByNumber (neither anvil nor the HTTP API
 * of a station's geth serves `debug_getRawHeader`). A device re-hashes these bytes itself, so they prove
 * nothing the station says: this only saves it from trusting a JSON field. Returns null when the rebuilt
 * bytes do not hash to the block's hash (a node with a header field this code does not know).
 *
 * @example
 * const rlp = encodeRawHeader(await client.request({ method: 'eth_getBlockByNumber', params: ['0x2a', false] }))
 */
export function encodeRawHeader(block: RpcBlockHeader): Hex | null {
  const item = (name: string): Hex => {
    const value = block[name] as Hex
    // RLP writes a quantity in its minimal big-endian bytes: zero is the empty string.
    if (!QUANTITIES.has(name) || BigInt(value) === 0n) return QUANTITIES.has(name) ? '0x' : value
    const digits = BigInt(value).toString(16)
    return `0x${digits.length % 2 ? '0' : ''}${digits}`
  }
  const names = [...FIXED, ...OPTIONAL.filter((n) => block[n] !== undefined && block[n] !== null)]
  const rlp = toRlp(names.map(item))
  return keccak256(rlp) === block.hash ? rlp : null
}
