import type { Address } from 'viem'
import { evswapForwarderStorage } from '../abi/evswapForwarderStorage.js'
import { mappingSlot } from './mappingSlot.js'

/**
 * The forwarder's slot holding `from`'s next nonce: once it is past a request's nonce, that request ran
 * (successfully or reverted inside its call), and no other request can run at that nonce.
 *
 * @example
 * const slot = forwarderNonceSlot(account.address)
 */
export function forwarderNonceSlot(from: Address): bigint {
  return mappingSlot({ type: 'address', value: from }, evswapForwarderStorage.vars._nonces.slot)
}
