import { createHash, X509Certificate } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/** Debian's chromium: the tests never download a browser. Override with EVSWAP_CHROMIUM. */
export const CHROMIUM_PATH = process.env.EVSWAP_CHROMIUM ?? '/usr/bin/chromium'

/** Phone width (an iPhone SE / 13 mini class screen) and a desktop window. */
export const PHONE = { width: 375, height: 812 } as const
export const DESKTOP = { width: 1280, height: 900 } as const

/**
 * The hash chromium's `--ignore-certificate-errors-spki-list` takes: base64 of the SHA-256 of the
 * certificate's public key (SubjectPublicKeyInfo, DER).
 *
 * @example
 * spkiHash(readFileSync('.evswap/demo/tls/station1.pem', 'utf8')) // 'k3…='
 */
export function spkiHash(certPem: string): string {
  return createHash('sha256').update(new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' })).digest('base64')
}

/**
 * Starts headless chromium for a test. Fails with a hint when it is not installed. `trustCertificates`
 * (PEM): server certificates chromium accepts though no CA it knows signed them (the demo's stations), by
 * their public keys, and no others: every other certificate error still fails the page.
 *
 * @example
 * const browser = await launchBrowser(demo.tls.stations.map((s) => s.cert))
 * const page = await openPage(browser, url, PHONE)
 */
export async function launchBrowser(trustCertificates: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no chromium at ${CHROMIUM_PATH}: install Debian's (apt-get install chromium) or set EVSWAP_CHROMIUM`)
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(trustCertificates.length ? [`--ignore-certificate-errors-spki-list=${trustCertificates.map(spkiHash).join(',')}`] : []),
    ],
  })
}

export type OpenedPage = { context: BrowserContext; page: Page; errors: string[] }

/**
 * A page in its own context (own sessionStorage, so two GUIs with two tokens never mix) at `viewport`,
 * recording uncaught page errors and console errors in `errors` so a test can assert there were none.
 */
export async function openPage(browser: Browser, url: string, viewport: { width: number; height: number } = DESKTOP): Promise<OpenedPage> {
  const phone = viewport.width < 600
  const context = await browser.newContext({ viewport, deviceScaleFactor: phone ? 2 : 1, isMobile: phone, hasTouch: phone })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  await page.goto(url, { waitUntil: 'domcontentloaded' })
  return { context, page, errors }
}

/** Where the e2e screenshots go (gitignored `test-results/e2e/`). */
export function screenshotDir(): string {
  const dir = resolve(process.cwd(), 'test-results', 'e2e')
  mkdirSync(dir, { recursive: true })
  return dir
}

/** A full-page screenshot named `<step>.png` in the artifacts folder; returns its path. */
export async function snap(page: Page, step: string): Promise<string> {
  const path = join(screenshotDir(), `${step}.png`)
  await page.screenshot({ path, fullPage: true, animations: 'disabled' })
  return path
}

/** Whether the page scrolls sideways (it must not, at phone width). */
export async function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)
}
