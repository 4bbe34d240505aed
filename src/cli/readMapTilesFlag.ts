import { UsageError } from './UsageError.js'

/** The credit shown when `--map-attribution` is not given: OpenStreetMap's data needs it on every map. */
const DEFAULT_ATTRIBUTION = '© OpenStreetMap contributors'

/**
 * `--map-tiles URL` (and `--map-attribution TEXT`): the raster tile server the EV GUI's map draws from, as a
 * template with {z}, {x} and {y}. Without it the finder is a list alone.
 *
 * @example
 * readMapTilesFlag('https://tile.example.org/{z}/{x}/{y}.png', undefined)
 */
export function readMapTilesFlag(url: string | undefined, attribution: string | undefined): { url: string; attribution: string } | undefined {
  if (url === undefined) {
    if (attribution !== undefined) throw new UsageError('--map-attribution goes with --map-tiles: give the tile server too')
    return undefined
  }
  const missing = ['{z}', '{x}', '{y}'].filter((p) => !url.includes(p))
  if (!/^https?:\/\/[^/]/.test(url) || missing.length) {
    throw new UsageError(`--map-tiles ${url} is not a tile URL template${missing.length ? ` (it lacks ${missing.join(', ')})` : ''}; give one like https://tile.example.org/{z}/{x}/{y}.png`)
  }
  return { url, attribution: attribution ?? DEFAULT_ATTRIBUTION }
}
