const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const SPACE = 0x20;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** Where one item is: `bytes[start, end)` (each span names its bytes, so it can be passed on as it is). */
export interface ItemSpan {
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly end: number;
}

/**
 * Where each item of a JSON array is in its bytes, without the whitespace around it: a batch's
 * events are then stored as the sender wrote them, and read back one by one, never serialized again.
 *
 * The bytes must be valid JSON (JSON.parse accepted them), so this only follows nesting and
 * strings. UTF-8 multi-byte sequences never contain ASCII bytes, so bytes can be read one by one.
 * Undefined when the bytes do not hold an array.
 */
export function jsonArrayItems(bytes: Uint8Array): ItemSpan[] | undefined {
  const spans: ItemSpan[] = [];
  let depth = 0;
  let start = -1;
  let end = -1;
  let closed = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte <= SPACE) {
      continue;
    }
    if (depth === 0) {
      // Only the array may open here (a UTF-8 byte order mark, bytes >= 0x80, is skipped).
      if (byte === OPEN_ARRAY && spans.length === 0 && !closed) {
        depth = 1;
      } else if (byte < 0x80) {
        return undefined;
      }
      continue;
    }
    if (depth === 1 && (byte === COMMA || byte === CLOSE_ARRAY)) {
      if (start >= 0) {
        spans.push({ bytes, start, end });
      }
      start = -1;
      if (byte === CLOSE_ARRAY) {
        depth = 0;
        closed = true;
      }
      continue;
    }
    if (depth === 1 && start < 0) {
      start = i;
    }
    if (byte === QUOTE) {
      // To the closing quote: a backslash escapes the byte after it, whatever it is.
      for (i++; i < bytes.length && bytes[i] !== QUOTE; i++) {
        if (bytes[i] === BACKSLASH) {
          i++;
        }
      }
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      depth++;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth--;
    }
    end = i + 1;
  }
  return closed ? spans : undefined;
}
