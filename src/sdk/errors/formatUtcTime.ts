/**
 * A chain timestamp (Unix seconds) as a person reads it, in UTC so that a station and a device in different
 * time zones say the same.
 *
 * @example
 * formatUtcTime(1_700_000_000) // '2023-11-14 22:13:20 UTC'
 */
export function formatUtcTime(unixSeconds: number | bigint): string {
  return new Date(Number(unixSeconds) * 1000).toISOString().replace(/\.\d+Z$/, ' UTC').replace('T', ' ')
}
