export const MAX_PREFER_WAIT_SEC = 30;

/**
 * `Prefer: wait=N` (RFC 7240) -> seconds to wait, capped at 30; undefined when absent. Malformed
 * preferences are ignored, as RFC 7240 asks of servers.
 */
export function parsePreferWait(header: string | undefined): number | undefined {
  if (!header) {
    return undefined;
  }
  for (const preference of header.split(',')) {
    const match = /^\s*wait\s*=\s*"?(\d{1,6})"?\s*(;.*)?$/i.exec(preference);
    if (match) {
      return Math.min(Number(match[1]), MAX_PREFER_WAIT_SEC);
    }
  }
  return undefined;
}
