import { encodeAbiParameters, hexToBigInt, keccak256, type Hex } from 'viem'

/**
 * The slot of `mapping[key]` for a mapping declared at `base`, as solc lays it out: keccak256 of the key
 * padded to 32 bytes, then the base slot. `key` is an address or an unsigned integer key.
 *
 * @example
 * mappingSlot({ type: 'address', value: from }, evswapForwarderStorage.vars._nonces.slot)
 */
export function mappingSlot(key: { type: 'address'; value: Hex } | { type: 'uint'; value: bigint | number }, base: number): bigint {
  const encoded =
    key.type === 'address'
      ? encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [key.value, BigInt(base)])
      : encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [BigInt(key.value), BigInt(base)])
  return hexToBigInt(keccak256(encoded))
}
