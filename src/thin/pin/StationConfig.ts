import type { Address, Hex } from 'viem'
import type { Deployment } from '../../sdk/deployment.js'

/** What a device reads of a station's `GET /api/config` to pin it or check it against its pin. */
export type StationConfig = {
  chainId: number
  genesisHash: Hex
  deployment: Deployment
  clique: { epoch: number; signers: Address[]; signersBlock: number } | null
}
