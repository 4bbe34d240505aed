import { Type } from '@sinclair/typebox'

/** A USB disk in a station's swap interface: its folder's name and the battery id its file carries. */
export const SlotSchema = Type.Object({
  folder: Type.String({ description: "the USB folder's name, e.g. BYD-1" }),
  batteryId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'null while the battery is not registered' }),
  charging: Type.Optional(
    Type.Object(
      {
        energyWh: Type.Integer({ minimum: 0 }),
        socPermille: Type.Integer({ minimum: 0, maximum: 1000 }),
        powerW: Type.Number({ minimum: 0 }),
        secondsLeft: Type.Number({ description: 'model seconds until full; -1 while it gets no power' }),
      },
      { description: "present while the station's charger charges it: its management system's reading now (the chain hears it every few minutes)" },
    ),
  ),
})

/** `GET /api/station/slots`: what one station's swap interface has in its USB slots right now. */
export const StationSlotsSchema = Type.Object({
  stationId: Type.Integer(),
  slots: Type.Array(SlotSchema),
})
