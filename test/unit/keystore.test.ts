import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { after, before, describe, test } from 'node:test'
import { verifyMessage } from 'viem'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import { decryptKeystore } from '../../src/thin/keystore/decryptKeystore.js'
import { DEVICE_SCRYPT, encryptKeystore } from '../../src/thin/keystore/encryptKeystore.js'
import { KeystoreError } from '../../src/thin/keystore/KeystoreError.js'
import { DEVICE_KEY_FILE, loadOrCreateDeviceKey } from '../../src/thin/keystore/loadOrCreateDeviceKey.js'
import { resolvePassphrase } from '../../src/thin/keystore/resolvePassphrase.js'

// The test vectors of the Web3 Secret Storage definition (ethereum.org), password "testpassword".
const SPEC_PRIVATE_KEY = '0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d'
const SPEC_SCRYPT = {
  crypto: {
    cipher: 'aes-128-ctr',
    cipherparams: { iv: '83dbcc02d8ccb40e466191a123791e0e' },
    ciphertext: 'd172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c',
    kdf: 'scrypt',
    kdfparams: { dklen: 32, n: 262144, p: 8, r: 1, salt: 'ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19' },
    mac: '2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097',
  },
  id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
  version: 3,
}
const SPEC_PBKDF2 = {
  crypto: {
    cipher: 'aes-128-ctr',
    cipherparams: { iv: '6087dab2f9fdbbfaddc31a909735c1e6' },
    ciphertext: '5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46',
    kdf: 'pbkdf2',
    kdfparams: { c: 262144, dklen: 32, prf: 'hmac-sha256', salt: 'ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd' },
    mac: '517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2',
  },
  id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
  version: 3,
}

/** Every way the key could appear in text. */
function assertNoKey(text: string, privateKey: string): void {
  const hex = privateKey.slice(2).toLowerCase()
  assert.ok(!text.toLowerCase().includes(hex), 'the private key must not appear')
  assert.ok(!text.includes(Buffer.from(hex, 'hex').toString('base64')), 'the private key must not appear in base64')
}

describe('keystore', () => {
  let dir: string
  let n = 0
  const fresh = () => join(dir, `device${n++}`)
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evswap-keystore-'))
  })
  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  test('test_decrypt_specScryptVector', async () => {
    // n=262144 needs 32 MiB here (r=1); the vector also trips OpenSSL's n < 2^(16r) rule, so this covers
    // the @noble/hashes path.
    assert.equal(await decryptKeystore(SPEC_SCRYPT, 'testpassword', { maxmem: 256 * 2 ** 20 }), SPEC_PRIVATE_KEY)
  })

  test('test_decrypt_specPbkdf2Vector', async () => {
    assert.equal(await decryptKeystore(SPEC_PBKDF2, 'testpassword'), SPEC_PRIVATE_KEY)
  })

  test('test_RevertWhen_wrongPassphrase', async () => {
    await assert.rejects(decryptKeystore(SPEC_PBKDF2, 'testpasswore', { file: 'k.json' }), (e: Error) => {
      assert.ok(e instanceof KeystoreError)
      assert.match(e.message, /^wrong passphrase for k\.json \(MAC mismatch\); check EVSWAP_PASSPHRASE/)
      return true
    })
  })

  test('test_RevertWhen_scryptNeedsMoreMemoryThanAllowed', async () => {
    const costly = { ...SPEC_SCRYPT, crypto: { ...SPEC_SCRYPT.crypto, kdfparams: { ...SPEC_SCRYPT.crypto.kdfparams, r: 8, p: 1 } } }
    await assert.rejects(decryptKeystore(costly, 'testpassword'), /needs 256 MiB for scrypt \(n=262144, r=8, p=1\), over the 64 MiB limit; re-encrypt it with n=16384/)
  })

  test('test_RevertWhen_fileMalformed', async () => {
    const cases: [unknown, RegExp][] = [
      [null, /not an object/],
      [{ ...SPEC_PBKDF2, version: 1 }, /version 1, expected 3/],
      [{ ...SPEC_PBKDF2, crypto: { ...SPEC_PBKDF2.crypto, cipher: 'aes-128-cbc' } }, /cipher "aes-128-cbc"/],
      [{ ...SPEC_PBKDF2, crypto: { ...SPEC_PBKDF2.crypto, mac: 'zz' } }, /mac is not hex/],
      [{ ...SPEC_PBKDF2, crypto: { ...SPEC_PBKDF2.crypto, kdf: 'argon2' } }, /kdf "argon2"/],
      [{ ...SPEC_SCRYPT, crypto: { ...SPEC_SCRYPT.crypto, kdfparams: { ...SPEC_SCRYPT.crypto.kdfparams, n: 1000 } } }, /power of 2/],
    ]
    for (const [file, pattern] of cases) await assert.rejects(decryptKeystore(file, 'testpassword'), pattern)
  })

  test('test_encrypt_roundTripsWithDeviceParams_andHoldsNoPlainKey', async () => {
    const key = generatePrivateKey()
    const json = await encryptKeystore(key, 'correct horse')
    assert.deepEqual({ ...json.crypto.kdfparams, salt: undefined }, { dklen: 32, ...DEVICE_SCRYPT, salt: undefined })
    assert.equal(json.address, privateKeyToAddress(key).slice(2).toLowerCase())
    assertNoKey(JSON.stringify(json), key)
    assert.equal(await decryptKeystore(JSON.parse(JSON.stringify(json)), 'correct horse'), key)
    const again = await encryptKeystore(key, 'correct horse')
    assert.notEqual(again.crypto.ciphertext, json.crypto.ciphertext, 'fresh salt and iv every time')
  })

  test('test_loadOrCreate_firstRunCreates0600File_laterRunsDecrypt', async () => {
    const d = fresh()
    const created: string[] = []
    const first = await loadOrCreateDeviceKey({ dir: d, passphrase: 'pi', onCreate: ({ address }) => created.push(address) })
    assert.deepEqual(created, [first.address])
    const file = join(d, DEVICE_KEY_FILE)
    assert.equal((await stat(file)).mode & 0o777, 0o600)
    assert.equal((await stat(d)).mode & 0o777, 0o700)
    const second = await loadOrCreateDeviceKey({ dir: d, passphrase: 'pi', onCreate: () => assert.fail('must not create again') })
    assert.equal(second.address, first.address)

    const text = await readFile(file, 'utf8')
    const key = await decryptKeystore(JSON.parse(text), 'pi')
    assertNoKey(text, key)
    assertNoKey(JSON.stringify(second), key)
    assertNoKey(inspect(second, { depth: Infinity, showHidden: true }), key)

    const signature = await second.signMessage({ message: 'swap battery 7' })
    assert.ok(await verifyMessage({ address: first.address, message: 'swap battery 7', signature }))
  })

  test('test_RevertWhen_loadWithWrongPassphrase_fileUntouched', async () => {
    const d = fresh()
    await loadOrCreateDeviceKey({ dir: d, passphrase: 'right' })
    const before = await readFile(join(d, DEVICE_KEY_FILE), 'utf8')
    await assert.rejects(loadOrCreateDeviceKey({ dir: d, passphrase: 'wrong' }), /wrong passphrase for .*device-key\.json/)
    assert.equal(await readFile(join(d, DEVICE_KEY_FILE), 'utf8'), before)
  })

  test('test_loadOrCreate_racingFirstRuns_agreeOnOneKey', async () => {
    const d = fresh()
    const accounts = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateDeviceKey({ dir: d, passphrase: 'pi' })))
    assert.equal(new Set(accounts.map((a) => a.address)).size, 1)
  })

  test('test_RevertWhen_passphraseEmptyOrFileDamagedOrEdited', async () => {
    await assert.rejects(loadOrCreateDeviceKey({ dir: fresh(), passphrase: '' }), /passphrase is empty; set EVSWAP_PASSPHRASE/)
    const d = fresh()
    await loadOrCreateDeviceKey({ dir: d, passphrase: 'pi' })
    const file = join(d, DEVICE_KEY_FILE)
    const good = JSON.parse(await readFile(file, 'utf8'))
    await writeFile(file, JSON.stringify({ ...good, address: '00'.repeat(20) }))
    await assert.rejects(loadOrCreateDeviceKey({ dir: d, passphrase: 'pi' }), /says address 0x0{40} but holds the key of 0x[0-9a-fA-F]{40}/)
    await writeFile(file, '{"version": 3, "cry')
    await assert.rejects(loadOrCreateDeviceKey({ dir: d, passphrase: 'pi' }), /is not JSON \(damaged\?\); restore it from a backup/)
  })

  test('test_resolvePassphrase', async () => {
    const file = join(dir, 'passphrase')
    await writeFile(file, 'from a file\n', { mode: 0o600 })
    assert.equal(resolvePassphrase({ EVSWAP_PASSPHRASE: 'direct' }), 'direct')
    assert.equal(resolvePassphrase({ EVSWAP_PASSPHRASE_FILE: file }), 'from a file')
    assert.equal(resolvePassphrase({ EVSWAP_PASSPHRASE: '', EVSWAP_PASSPHRASE_FILE: file }), 'from a file')
    assert.throws(() => resolvePassphrase({}), /no device passphrase: set EVSWAP_PASSPHRASE_FILE .* or set EVSWAP_PASSPHRASE/)
    assert.throws(() => resolvePassphrase({ EVSWAP_PASSPHRASE: 'a', EVSWAP_PASSPHRASE_FILE: file }), /both .* are set; unset one/)
    assert.throws(() => resolvePassphrase({ EVSWAP_PASSPHRASE_FILE: join(dir, 'absent') }), /cannot read EVSWAP_PASSPHRASE_FILE .*absent \(ENOENT\)/)
    await writeFile(join(dir, 'empty'), '\n')
    assert.throws(() => resolvePassphrase({ EVSWAP_PASSPHRASE_FILE: join(dir, 'empty') }), /is empty; write the passphrase into it/)
  })
})
