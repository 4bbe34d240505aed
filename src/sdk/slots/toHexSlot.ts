import { numberToHex, type Hex } from 'viem'

/** A slot number as the 32-byte hex `eth_getProof` takes. */
export function toHexSlot(slot: bigint): Hex {
  return numberToHex(slot, { size: 32 })
}
