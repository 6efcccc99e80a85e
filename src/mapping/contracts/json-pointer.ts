/**
 * RFC 6901 JSON pointers, compiled once into getters: `/customer/id` becomes a function that walks
 * two own properties, with no parsing per event.
 */
export type PointerGetter = (document: unknown) => unknown;

export function isJsonPointer(value: unknown): value is string {
  return typeof value === 'string' && (value === '' || value.startsWith('/'));
}

/** `/a~1b/c~0d` -> ['a/b', 'c~d']. Throws on a string that is not a pointer. */
export function parsePointer(pointer: string): string[] {
  if (!pointer.startsWith('/') && pointer !== '') {
    throw new Error(`"${pointer}" is not a JSON pointer (it must start with /)`);
  }
  if (pointer === '') {
    return [];
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token: string) => {
      if (/~[^01]|~$/.test(token)) {
        throw new Error(`"${pointer}" has an invalid escape (only ~0 and ~1)`);
      }
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

function step(value: unknown, token: string): unknown {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  if (Array.isArray(value)) {
    return /^(0|[1-9]\d*)$/.test(token) ? value[Number(token)] : undefined;
  }
  return Object.hasOwn(value, token) ? (value as Record<string, unknown>)[token] : undefined;
}

/** A getter for the pointer: undefined when any step is missing (never inherited properties). */
export function compilePointer(pointer: string): PointerGetter {
  const tokens = parsePointer(pointer);
  switch (tokens.length) {
    case 0:
      return (document) => document;
    case 1: {
      const [a] = tokens;
      return (document) => step(document, a);
    }
    case 2: {
      const [a, b] = tokens;
      return (document) => step(step(document, a), b);
    }
    default:
      return (document) => tokens.reduce(step, document);
  }
}
