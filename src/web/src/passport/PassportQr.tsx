import { QRCodeSVG } from 'qrcode.react'

/** The passport's data carrier (EU 2023/1542 art. 77): a QR code of its public address, and the address in text. */
export function PassportQr(props: { url: string; batteryId: number }) {
  return (
    <figure className="passport-qr" data-testid="passport-qr">
      {/* Black on white whatever the theme: a scanner reads dark modules on a light ground. */}
      <QRCodeSVG value={props.url} size={148} level="M" marginSize={2} bgColor="#ffffff" fgColor="#000000" title={`QR code of battery ${props.batteryId}'s passport: ${props.url}`} role="img" />
      <figcaption className="small">
        <a className="mono break" href={props.url} data-testid="passport-url">
          {breakBeforeHash(props.url)}
        </a>
      </figcaption>
    </figure>
  )
}

/** The URL with a line-break opportunity before its `#`, so a narrow screen breaks it there and not mid-word. */
function breakBeforeHash(url: string) {
  const i = url.indexOf('#')
  if (i <= 0) return url
  return (
    <>
      {url.slice(0, i)}
      <wbr />
      {url.slice(i)}
    </>
  )
}
