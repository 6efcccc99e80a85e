import type { ReceivedBody } from './outbox.types';

/** The body as JSON text, for a store that keeps it per event as a string. */
export function bodyText(body: ReceivedBody): string {
  if (typeof body === 'string') {
    return body;
  }
  const { bytes, start, end } = body;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', start, end);
}
