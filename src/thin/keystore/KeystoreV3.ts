/**
 * A Web3 Secret Storage v3 key file, as geth, ethers and MetaMask write it. Hex fields have no 0x prefix.
 * https://ethereum.org/developers/docs/data-structures-and-encoding/web3-secret-storage
 */
export type KeystoreV3 = {
  version: 3
  id: string
  /** Lower-case hex address without 0x; informative (the key is the truth). */
  address?: string
  crypto: {
    cipher: 'aes-128-ctr'
    cipherparams: { iv: string }
    ciphertext: string
    kdf: 'scrypt' | 'pbkdf2'
    kdfparams: ScryptParams | Pbkdf2Params
    /** keccak256(derivedKey[16..32] ++ ciphertext). */
    mac: string
  }
}

export type ScryptParams = { dklen: number; n: number; r: number; p: number; salt: string }
export type Pbkdf2Params = { dklen: number; c: number; prf: 'hmac-sha256'; salt: string }
