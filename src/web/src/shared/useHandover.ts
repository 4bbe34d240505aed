import { useMemo } from 'react'
import { useDevice, useFetch } from './device'
import { diskMoves, type DiskMove } from './handover'
import { useNames } from './names'

/**
 * The USB disks this device must hand over or receive now (see `diskMoves`), refreshed with the device's
 * state. `ready` is false until the swaps, batteries and stations have been read once.
 */
export function useHandover(): { moves: DiskMove[]; ready: boolean } {
  const { api, state } = useDevice()
  const names = useNames()
  const swaps = useFetch(() => api.swaps(), [])
  const all = useFetch(() => api.allBatteries(), [])
  const stations = useFetch(() => api.stations(), [])
  const moves = useMemo(
    () => diskMoves({ state, swaps: swaps.data ?? [], all: all.data ?? [], stations: stations.data ?? [], unitOf: names.unitOf }),
    [state, swaps.data, all.data, stations.data, names],
  )
  return { moves, ready: swaps.data !== undefined && all.data !== undefined && stations.data !== undefined }
}
