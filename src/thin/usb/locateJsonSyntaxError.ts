/** Where a JSON text first goes wrong: 0-based `position`, 1-based `line` and `column`, and why. */
export type JsonSyntaxError = { position: number; line: number; column: number; reason: string }

enum Expect { Value, ValueOrClose, Key, KeyOrClose, Colon, CommaOrClose, End }

const EXPECTED: Record<Expect, string> = {
  [Expect.Value]: 'a value',
  [Expect.ValueOrClose]: 'a value or "]"',
  [Expect.Key]: 'a "quoted" field name',
  [Expect.KeyOrClose]: 'a "quoted" field name or "}"',
  [Expect.Colon]: '":"',
  [Expect.CommaOrClose]: '"," or a closing bracket',
  [Expect.End]: 'the end of the file',
}

/**
 * Finds the first syntax error in a JSON text, for messages a person can act on. `JSON.parse` in Node 20
 * reports a position for some errors only ("Unexpected end of JSON input" has none), so this scanner,
 * used only after `JSON.parse` failed, recomputes it. Iterative, so deep nesting cannot overflow the stack.
 *
 * @returns `undefined` if the text is valid JSON
 * @example
 * locateJsonSyntaxError('{"a": 1') // { position: 7, line: 1, column: 8, reason: 'the file ends early ...' }
 */
export function locateJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const stack: number[] = [] // open brackets, as char codes
  let expect = Expect.Value
  let i = 0
  const n = text.length
  const at = (position: number, reason: string): JsonSyntaxError => {
    const before = text.slice(0, position)
    const line = before.split('\n').length
    const column = position - (before.lastIndexOf('\n') + 1) + 1
    return { position, line, column, reason }
  }
  const unexpected = (position: number, what: string): JsonSyntaxError =>
    position >= n
      ? at(n, `the file ends early, where ${what} belongs (is it truncated?)`)
      : at(position, `unexpected ${describeChar(text.charCodeAt(position))} where ${what} belongs`)

  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++
    if (i >= n) {
      if (expect === Expect.End) return undefined
      return n === 0 || text.trim() === '' ? at(n, 'the file is empty') : unexpected(n, EXPECTED[expect])
    }
    const c = text.charCodeAt(i)
    switch (expect) {
      case Expect.End:
        return unexpected(i, EXPECTED[expect])
      case Expect.Colon:
        if (c !== 0x3a) return unexpected(i, EXPECTED[expect])
        i++
        expect = Expect.Value
        continue
      case Expect.CommaOrClose: {
        const top = stack[stack.length - 1]
        if (c === 0x2c) {
          i++
          expect = top === 0x7b ? Expect.Key : Expect.Value
        } else if ((c === 0x7d && top === 0x7b) || (c === 0x5d && top === 0x5b)) {
          i++
          stack.pop()
          expect = stack.length === 0 ? Expect.End : Expect.CommaOrClose
        } else {
          return unexpected(i, top === 0x7b ? '"," or "}"' : '"," or "]"')
        }
        continue
      }
      case Expect.Key:
      case Expect.KeyOrClose:
        if (c === 0x7d && expect === Expect.KeyOrClose) {
          i++
          stack.pop()
          expect = stack.length === 0 ? Expect.End : Expect.CommaOrClose
          continue
        }
        if (c !== 0x22) return unexpected(i, EXPECTED[expect])
        {
          const end = scanString(text, i)
          if (typeof end !== 'number') return end.position >= n ? unexpected(n, 'the end of a "quoted" text') : at(end.position, end.reason)
          i = end
        }
        expect = Expect.Colon
        continue
      case Expect.Value:
      case Expect.ValueOrClose: {
        if (c === 0x5d && expect === Expect.ValueOrClose) {
          i++
          stack.pop()
          expect = stack.length === 0 ? Expect.End : Expect.CommaOrClose
          continue
        }
        if (c === 0x7b || c === 0x5b) {
          stack.push(c)
          i++
          expect = c === 0x7b ? Expect.KeyOrClose : Expect.ValueOrClose
          continue
        }
        let end: number | { position: number; reason: string }
        if (c === 0x22) end = scanString(text, i)
        else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) end = scanNumber(text, i)
        else if (c === 0x74) end = scanWord(text, i, 'true')
        else if (c === 0x66) end = scanWord(text, i, 'false')
        else if (c === 0x6e) end = scanWord(text, i, 'null')
        else return unexpected(i, EXPECTED[expect])
        if (typeof end !== 'number') return end.position >= n ? unexpected(n, 'the rest of a value') : at(end.position, end.reason)
        i = end
        expect = stack.length === 0 ? Expect.End : Expect.CommaOrClose
        continue
      }
    }
  }
}

type ScanError = { position: number; reason: string }

function scanString(text: string, start: number): number | ScanError {
  let i = start + 1
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === 0x22) return i + 1
    if (c < 0x20) return { position: i, reason: `${describeChar(c)} inside a "quoted" text; write it as an escape like \\n` }
    if (c === 0x5c) {
      const e = text[i + 1]
      if (e === undefined) return { position: text.length, reason: '' }
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          return i + 6 > text.length ? { position: text.length, reason: '' } : { position: i, reason: 'bad \\u escape; expected 4 hex digits' }
        }
        i += 6
        continue
      }
      if (!'"\\/bfnrt'.includes(e)) return { position: i, reason: `bad escape \\${e} inside a "quoted" text` }
      i += 2
      continue
    }
    i++
  }
  return { position: text.length, reason: '' }
}

function scanNumber(text: string, start: number): number | ScanError {
  const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
  match.lastIndex = start
  const found = match.exec(text)
  if (!found || found[0] === '-') return { position: start, reason: 'malformed number' }
  const end = start + found[0].length
  // "1." or "1e" followed by nothing useful: say so at the spot, not at the next character.
  const next = text.charCodeAt(end)
  if (next === 0x2e || next === 0x65 || next === 0x45) return end + 1 >= text.length ? { position: text.length, reason: '' } : { position: end, reason: 'malformed number' }
  if (next >= 0x30 && next <= 0x39) return { position: end, reason: 'malformed number (a leading zero is not allowed)' }
  return end
}

function scanWord(text: string, start: number, word: string): number | ScanError {
  for (let k = 0; k < word.length; k++) {
    if (start + k >= text.length) return { position: text.length, reason: '' }
    if (text[start + k] !== word[k]) return { position: start, reason: `unknown word; expected ${word} (write text in "quotes")` }
  }
  return start + word.length
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
}

function describeChar(c: number): string {
  if (c >= 0x21 && c <= 0x7e) return `"${String.fromCharCode(c)}"`
  return `character U+${c.toString(16).toUpperCase().padStart(4, '0')}`
}
