import { strict as assert } from 'node:assert'
import { test } from 'node:test'
import { decryptKeystore } from '../../src/thin/keystore/decryptKeystore.js'

// The keystore stays hand-written over node:crypto (docs/architecture.md, "Libraries"), so it is pinned
// to maintained implementations with fixed files: the device keys already on disk must keep decrypting,
// and so must a maintained wallet's. Both files hold the same key.
const KEY = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'

/** Written by evswap's encryptKeystore (device scrypt n=16384, r=8, p=1); ethers 6.17 decryptKeystoreJson
 * and @ethereumjs/wallet 10 fromV3 both decrypt it to KEY (checked when this fixture was made). */
const EVSWAP_WRITTEN = {"version":3,"id":"65ca7fe3-514d-4bae-9142-429439e02c08","address":"2c7536e3605d9c16a7a3d7b1898e529396a65c23","crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"db19f8a768c8a4327d7ac6a3fd0a03bc"},"ciphertext":"ffd66219c2cdf154f7cbec39cfb8afe237d4ac502d590ba94e46fb39dee89f8c","kdf":"scrypt","kdfparams":{"dklen":32,"n":16384,"r":8,"p":1,"salt":"aa7cb2afbdf40b30ae7ae6a0139e96611a3d4a2efa7f0f69b52f12bd12e8b0f2"},"mac":"030d6500dde6f21b3a99736a1abd3a046ae0030989d722b58ad83a2efc2bcb17"}}

/** Written by ethers 6.17 encryptKeystoreJson (note its "Crypto" capital C), with n=16384. */
const ETHERS_WRITTEN = {"address":"2c7536e3605d9c16a7a3d7b1898e529396a65c23","id":"d8921576-935b-4e83-9c8d-fa203eb86ee8","version":3,"Crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"b6afb3280b8d4adc5b726e99d0448f12"},"ciphertext":"071e7419ec00ff09bfa9c839bebd99d2cc78d7d0fc8a8eca22e4954087a7f137","kdf":"scrypt","kdfparams":{"salt":"430fdfcc825ef213c494de22022d7632d2729632c85c84b83cdd0352ed2f670e","n":16384,"dklen":32,"p":1,"r":8},"mac":"07eab596e3bf2684d00a609364f1cae2f2d413124413246a712a96278120ca40"}}

test('test_decrypt_aKeystoreEvswapWrote_stillDecrypts', async () => {
  assert.equal(await decryptKeystore(EVSWAP_WRITTEN, 'evswap-written'), KEY)
})

test('test_decrypt_aKeystoreEthersWrote', async () => {
  assert.equal(await decryptKeystore(ETHERS_WRITTEN, 'ethers-written'), KEY)
})

test('test_RevertWhen_interopFileWithWrongPassphrase', async () => {
  await assert.rejects(decryptKeystore(ETHERS_WRITTEN, 'evswap-written'), /wrong passphrase/)
})
