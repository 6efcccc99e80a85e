import { hash, randomUUID } from 'node:crypto';
import type { AppendRow } from '../src/outbox/sqlite/store-protocol';

/** The mapped event every store bench row carries. */
const PAYLOAD = JSON.stringify({
  eventType: 'custom.acme.order.created',
  eventTime: '2026-11-28T08:15:00Z',
  source: { system: 'erp', version: '1.0' },
  data: { transaction_id: 'batch-1-000000', amount: 42.5, currency: 'EUR' },
});

/** Event n's body as the batch bench's legacy events have it. */
export function legacyBody(n: number): string {
  return `{"transaction_id":"batch-1-${n}","event_type":"order.created","amount":42.5,"currency":"EUR","timestamp":"2026-11-28T10:15:00+02:00"}`;
}

/**
 * Event n as the store thread receives it under batch load (the batch bench's legacy events):
 * references and received body included (as text unless `body` says otherwise), under the given
 * ledger key. Every row has every field, as rows from the HTTP thread do.
 */
export function storeRow(
  n: number,
  dedupeKey: string,
  body: Pick<AppendRow, 'body' | 'bodyStart' | 'bodyEnd'> = { body: legacyBody(n) },
): AppendRow {
  const now = Date.now();
  return {
    issuer: 'erp',
    idempotencyKey: randomUUID(),
    dedupeKey,
    fingerprint: hash('sha256', String(n), 'base64url'),
    eventType: 'custom.acme.order.created',
    payload: PAYLOAD,
    now,
    deliverBy: now + 86_400_000,
    requestId: undefined,
    refs: JSON.stringify([`batch-1-${n}`]),
    body: body.body,
    bodyStart: body.bodyStart,
    bodyEnd: body.bodyEnd,
  };
}

/** The natural ledger key of event n, in time order (what the gateway indexes). */
export function naturalKey(n: number): string {
  return JSON.stringify(['tx', '2026-11-28T08:15:00Z', `batch-1-${n}`, 'order.created']);
}
