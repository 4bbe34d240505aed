import { shortHex } from '../shared/format'

/** "station-5 (0xabc1…9f2e)", or the address alone when the network does not name it. */
export const signerLabel = (v: { address: string; name: string | null }) => (v.name ? `${v.name} (${shortHex(v.address)})` : shortHex(v.address, 6))
