import type { StationPlace } from '../sdk/places/StationPlace.js'

/**
 * The demo's stations in Munich, 3.8 km apart, so that the EV's finder has a nearest one: station 1 in the old
 * town, station 2 in Schwabing. Their formats are the brands of the demo's batteries.
 */
export const DEMO_PLACES: Record<1 | 2, StationPlace> = {
  1: {
    name: 'Marienplatz',
    latitude: 48.137154,
    longitude: 11.576124,
    address: 'Marienplatz 8, 80331 München',
    openingHours: 'Mo-Sa 07:00-22:00',
    formats: ['SUM', 'BYD'],
  },
  2: {
    name: 'Schwabing Nord',
    latitude: 48.1703,
    longitude: 11.5866,
    address: 'Leopoldstraße 180, 80804 München',
    openingHours: '24/7',
    formats: ['CATL', 'TOY'],
  },
}

/** The demo EV parks at Münchner Freiheit: 1 km from station 2, 2.8 km from station 1. */
export const DEMO_EV_POSITION = { latitude: 48.1617, longitude: 11.5863 }
