import { useEffect, useRef, useState } from 'react'
import type { LayerGroup, Map as LeafletMap } from 'leaflet'
import type { MapTiles, Position } from '../../shared/types'
import { unitName } from '../../shared/format'
import type { StationNearby } from './sortByDistance'

type Leaflet = typeof import('leaflet')

/**
 * The finder's stations on a map, from the tile server the device is configured with. Leaflet and its styles
 * load only then (about 150 kB the GUI does not fetch otherwise); without a tile server the list stands alone.
 * A station's marker scrolls the list to its card.
 */
export function StationMap(props: { tiles: MapTiles; nearby: StationNearby[]; position: Position | null }) {
  const box = useRef<HTMLDivElement>(null)
  const [leaflet, setLeaflet] = useState<{ L: Leaflet; map: LeafletMap; markers: LayerGroup } | null>(null)
  const [failed, setFailed] = useState<string | null>(null)

  useEffect(() => {
    let map: LeafletMap | undefined
    let cancelled = false
    Promise.all([import('leaflet'), import('leaflet/dist/leaflet.css')]).then(
      ([mod]) => {
        if (cancelled || !box.current) return
        const L = (mod as unknown as { default?: Leaflet }).default ?? (mod as unknown as Leaflet)
        map = L.map(box.current, { zoomControl: true, attributionControl: true })
        L.tileLayer(props.tiles.url, { attribution: props.tiles.attribution, maxZoom: 19 }).addTo(map)
        setLeaflet({ L, map, markers: L.layerGroup().addTo(map) })
      },
      (e: unknown) => setFailed(String(e)),
    )
    return () => {
      cancelled = true
      map?.remove()
    }
  }, [props.tiles.url, props.tiles.attribution])

  useEffect(() => {
    if (!leaflet) return
    const { L, map, markers } = leaflet
    markers.clearLayers()
    const points: [number, number][] = []
    for (const { station, km } of props.nearby) {
      const place = station.place
      if (!place) continue
      points.push([place.latitude, place.longitude])
      L.circleMarker([place.latitude, place.longitude], { radius: 9, className: `finder-map-station finder-map-station-${station.stationId}`, color: '#2f855a', fillOpacity: 0.8 })
        .bindTooltip(`${place.name} (${unitName(station.unit)})${km === null ? '' : `, ${km < 1 ? km.toFixed(2) : km.toFixed(1)} km`}`, { permanent: true, direction: 'top', offset: [0, -8] })
        .on('click', () => document.querySelector(`[data-testid="finder-station-${station.stationId}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'center' }))
        .addTo(markers)
    }
    if (props.position) {
      points.push([props.position.latitude, props.position.longitude])
      L.circleMarker([props.position.latitude, props.position.longitude], { radius: 7, className: 'finder-map-ev', color: '#2f6fdf', fillOpacity: 1 })
        .bindTooltip('You', { direction: 'bottom', offset: [0, 8] })
        .addTo(markers)
    }
    if (points.length === 1) map.setView(points[0]!, 14)
    else if (points.length > 1) map.fitBounds(L.latLngBounds(points), { padding: [30, 30], maxZoom: 15 })
    else map.setView([0, 0], 2)
  }, [leaflet, props.nearby, props.position])

  if (failed) return <p className="muted small">The map could not load ({failed}); the list below has every station.</p>
  return <div ref={box} className="finder-map" data-testid="finder-map" role="region" aria-label="Map of the stations" />
}
