import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares secrets without leaking their length or common prefix through timing. */
export function constantTimeEqual(a: string, b: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}
