/** The mnemonic anvil funds its ten dev accounts from (public, for local chains only). */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk'
