import { Type } from '@sinclair/typebox'

/** A USB disk in a station's swap interface: its folder's name and the battery id its file carries. */
export const SlotSchema = Type.Object({
  folder: Type.String({ description: "the USB folder's name, e.g. BYD-1" }),
  batteryId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'null while the battery is not registered' }),
})

/** `GET /api/station/slots`: what one station's swap interface has in its USB slots right now. */
export const StationSlotsSchema = Type.Object({
  stationId: Type.Integer(),
  slots: Type.Array(SlotSchema),
})
