/** What replaces a REDACT_FIELDS value in a stored body. */
export const REDACTED = '[redacted]';

/**
 * The body as it will be stored: JSON, with each REDACT_FIELDS pointer's value replaced. The
 * original is left alone (it is what gets mapped); only the branches a pointer runs through are
 * copied.
 */
export function storedBody(body: unknown, redact: ReadonlyArray<readonly string[]>): string {
  return JSON.stringify(redacted(body, redact));
}

/** The document with each pointed value replaced by REDACTED; the original is left alone. */
export function redacted(document: unknown, redact: ReadonlyArray<readonly string[]>): unknown {
  let copy = document;
  for (const path of redact) {
    copy = redactPath(copy, path, 0);
  }
  return copy;
}

function redactPath(node: unknown, path: readonly string[], depth: number): unknown {
  if (typeof node !== 'object' || node === null || !Object.hasOwn(node, path[depth])) {
    return node;
  }
  const key = path[depth];
  const value = (node as Record<string, unknown>)[key];
  const replaced = depth === path.length - 1 ? REDACTED : redactPath(value, path, depth + 1);
  if (replaced === value) {
    return node;
  }
  if (Array.isArray(node)) {
    const copy: unknown[] = [...(node as unknown[])];
    copy[Number(key)] = replaced;
    return copy;
  }
  return { ...(node as Record<string, unknown>), [key]: replaced };
}
