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
 * gain is (a state read against the previous one: 331 -> ~20 bytes), and keeps each connection's zlib
 * state near 35 KB on a station that holds thousands of them (the default 32 KiB window costs ~300 KB).
 */
export const LINK_WINDOW_BITS = 12
export const LINK_MEM_LEVEL = 4

/**
 * Inflated bytes allowed per compressed byte received, past the first MiB: deflate can expand ~1000x, so
 * without a bound a few KB could make a peer parse megabytes. Real traffic stays far below (~5-30x).
 */
export const LINK_MAX_INFLATE_RATIO = 64
export const LINK_INFLATE_ALLOWANCE = 1024 * 1024
