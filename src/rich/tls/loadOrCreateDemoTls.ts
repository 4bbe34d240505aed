import { X509Certificate } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { join } from 'node:path'
// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API first.
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { writeFileAtomicSync } from '../../shared/fs/writeFileAtomicSync.js'

export type DemoTls = {
  /** The demo CA's certificate file (PEM): what the demo's devices trust, and what a browser may import. */
  caFile: string
  caPem: string
  /** Per demo station: its certificate (PEM) and key, signed by the demo CA. */
  stations: { cert: string; key: string; certFile: string }[]
  /** False when the files were there from an earlier start. */
  created: boolean
}

/** The names every demo certificate is for: the demo runs on this machine only. */
const LOOPBACK = [
  { type: 'dns', value: 'localhost' },
  { type: 'ip', value: '127.0.0.1' },
  { type: 'ip', value: '::1' },
] as const
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
const YEARS = 5
/** Certificates this close to their end are made again at start. */
const RENEW_BEFORE_MS = 7 * 24 * 3600_000

/**
 * The embedded demo's own local CA and one certificate per station (for localhost, 127.0.0.1, ::1,
 * `stationN.localhost`, and each of `extraHosts`: names or IP addresses, for stations reached at other
 * addresses, as in network namespaces), made at the first start under `dir` and read again at every later one.
 *
 * The CA's private key is never written: it signs the station certificates and is dropped, so no file
 * in the demo folder can sign another certificate. A person who imports `ca.pem` into a browser to open
 * the station GUIs without a warning trusts these certificates and nothing else. When a certificate
 * nears its end (or a file is missing), all of them are made again, with a new CA.
 *
 * @example
 * const tls = await loadOrCreateDemoTls('.evswap/demo/tls', 2)
 * startStation({ ..., tls: tls.stations[0], trust: { ca: { pem: tls.caPem, label: tls.caFile }, pins: [] } })
 */
export async function loadOrCreateDemoTls(dir: string, stations: number, extraHosts: string[] = []): Promise<DemoTls> {
  const caFile = join(dir, 'ca.pem')
  const files = Array.from({ length: stations }, (_, i) => ({ certFile: join(dir, `station${i + 1}.pem`), keyFile: join(dir, `station${i + 1}-key.pem`) }))
  const usable = [caFile, ...files.flatMap((f) => [f.certFile, f.keyFile])].every(existsSync) && files.every((f) => !nearItsEnd(f.certFile) && namesAll(f.certFile, extraHosts))
  if (usable) {
    return { caFile, caPem: readFileSync(caFile, 'utf8'), stations: files.map((f) => ({ cert: readFileSync(f.certFile, 'utf8'), key: readFileSync(f.keyFile, 'utf8'), certFile: f.certFile })), created: false }
  }
  mkdirSync(dir, { recursive: true })
  const notBefore = new Date(Date.now() - 3600_000) // a clock a little behind still accepts it
  const notAfter = new Date(Date.now() + YEARS * 365 * 24 * 3600_000)
  const caKeys = await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify'])
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=evswap demo CA (this machine only; its key was discarded)',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  })
  const made = []
  for (const [i, f] of files.entries()) {
    const keys = await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])
    const cert = await x509.X509CertificateGenerator.create({
      subject: `CN=evswap demo station ${i + 1}`,
      issuer: ca.subject,
      notBefore,
      notAfter,
      publicKey: keys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([
          ...LOOPBACK,
          { type: 'dns', value: `station${i + 1}.localhost` },
          ...extraHosts.map((h) => ({ type: isIP(h) ? ('ip' as const) : ('dns' as const), value: h })),
        ]),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
      ],
    })
    const key = x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY')
    writeFileAtomicSync(f.keyFile, key + '\n', { mode: 0o600 })
    writeFileAtomicSync(f.certFile, cert.toString('pem') + '\n')
    made.push({ cert: cert.toString('pem') + '\n', key: key + '\n', certFile: f.certFile })
  }
  // Written last: a start cut short leaves no ca.pem, and the next one makes everything again.
  const caPem = ca.toString('pem') + '\n'
  writeFileAtomicSync(caFile, caPem)
  return { caFile, caPem, stations: made, created: true }
}

/** Whether the certificate names every host (a name, or an IP address) of `hosts`. */
function namesAll(certFile: string, hosts: string[]): boolean {
  const cert = new X509Certificate(readFileSync(certFile))
  return hosts.every((h) => (isIP(h) ? cert.checkIP(h) : cert.checkHost(h)) !== undefined)
}

function nearItsEnd(certFile: string): boolean {
  try {
    return Date.parse(new X509Certificate(readFileSync(certFile)).validTo) - Date.now() < RENEW_BEFORE_MS
  } catch {
    return true
  }
}
