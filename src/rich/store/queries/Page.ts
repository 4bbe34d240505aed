/** A page of a list: at most `limit` items; `next` is the cursor of the page after it, when there is one. */
export type Page<T> = { items: T[]; next?: string }

/** What each list query takes: how many at most (default 100, at most 500), and the cursor of an earlier page. */
export type PageQuery = { limit?: number; cursor?: string }

export const DEFAULT_PAGE = 100
export const MAX_PAGE = 500

/** The limit a page query asks for, within bounds: no answer grows without bound. */
export function pageLimit(q: PageQuery | undefined, fallback = DEFAULT_PAGE): number {
  return Math.min(Math.max(1, Math.floor(q?.limit ?? fallback)), MAX_PAGE)
}

/**
 * Rows read with one more than the limit make a page: the extra row only says that there is a next page,
 * whose cursor is made from the last row kept.
 */
export function toPage<R, T>(rows: R[], limit: number, item: (r: R) => T, cursorOf: (r: R) => string): Page<T> {
  const kept = rows.slice(0, limit)
  const last = kept.at(-1)
  return rows.length > limit && last !== undefined ? { items: kept.map(item), next: cursorOf(last) } : { items: kept.map(item) }
}

/** A cursor that is not one this list hands out: the station answers 400 naming the `after` parameter. */
export class BadCursorError extends RangeError {}

/** "41:3" → [41, 3]: a block:logIndex cursor. */
export function parseEventCursor(cursor: string): [number, number] {
  const m = /^(\d{1,15}):(\d{1,9})$/.exec(cursor)
  if (!m) throw new BadCursorError(`"${cursor}" is not a cursor of this list: it is block:logIndex, as in the x-next-cursor of an earlier page`)
  return [Number(m[1]), Number(m[2])]
}

/** "17" → 17: an id cursor. */
export function parseIdCursor(cursor: string): number {
  if (!/^\d{1,15}$/.test(cursor)) throw new BadCursorError(`"${cursor}" is not a cursor of this list: it is an id, as in the x-next-cursor of an earlier page`)
  return Number(cursor)
}
