import { Type } from '@sinclair/typebox'

/** A station's place (StationDirectory) in people's units; null for a station the super account has not placed. */
export const PlaceSchema = Type.Union(
  [
    Type.Object({
      name: Type.String(),
      latitude: Type.Number({ minimum: -90, maximum: 90, description: 'degrees north (WGS 84)' }),
      longitude: Type.Number({ minimum: -180, maximum: 180, description: 'degrees east (WGS 84)' }),
      address: Type.String(),
      openingHours: Type.String({ description: 'OpenStreetMap opening_hours style, e.g. "Mo-Fr 07:00-22:00; Sa 08:00-20:00" or "24/7"' }),
      formats: Type.Array(Type.String(), { description: 'battery brands or formats it takes' }),
    }),
    Type.Null(),
  ],
  { description: "where the station is and what it takes; null until the super account places it" },
)
