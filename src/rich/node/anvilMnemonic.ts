import { toHex, type Hex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'

/** The mnemonic anvil funds its ten dev accounts from (public, for local chains only). */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk'

/** The private key of anvil's funded dev account `index` (0..9). */
export function anvilDevKey(index: number): Hex {
  return toHex(mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index }).getHdKey().privateKey!)
}
