/**
 * The compressed device link (docs/api.md section 3): one HTTP/1.1 connection upgraded to a raw-deflate
 * stream in each direction, whose compression state lives as long as the connection. A device's requests
 * and its station's answers repeat themselves (the same JSON keys, addresses, zero padding of ABI words,
 * headers), and against the last message on the link each costs a fraction of its plain size.
 */
export const LINK_PATH = '/api/link'

/** The token in `Upgrade:` (RFC 9110 7.8): protocol name and version. */
export const LINK_PROTOCOL = 'evswap-deflate/1'

/**
 * Both sides' window: 4 KiB reaches back over the last few messages in each direction, which is where the
 * gain is (a state read against the previous one: 331 -> ~20 bytes). Smaller than zlib's default to keep a
 * station's memory per connection down: measured, a deflate stream costs 104 KB resident at these settings
 * against 224 KB at the defaults (node's zlib keeps a floor of its own), an inflate stream ~40 KB either way.
 */
export const LINK_WINDOW_BITS = 12
export const LINK_MEM_LEVEL = 4

/**
 * Inflated bytes allowed per compressed byte received, past the first MiB: deflate can expand ~1000x, so
 * without a bound a few KB could make a peer parse megabytes. Real traffic stays far below (~5-30x).
 */
export const LINK_MAX_INFLATE_RATIO = 64
export const LINK_INFLATE_ALLOWANCE = 1024 * 1024
