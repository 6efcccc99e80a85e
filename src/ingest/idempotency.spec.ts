import { DomainError } from '../common/problem/domain-error';
import {
  cloudEventKey,
  derivedEventKey,
  fingerprint,
  headerEventKey,
  parseIdempotencyKeyHeader,
} from './idempotency';

const deriveIdempotencyKey = (...args: Parameters<typeof derivedEventKey>): string =>
  derivedEventKey(...args).idempotencyKey;

const event = {
  transaction_id: 'tx-1',
  event_type: 'order.created',
  amount: 1,
  currency: 'EUR',
  timestamp: '2026-11-28T10:15:00+02:00',
};

describe('idempotency keys', () => {
  it.each([
    ['abc', 'abc'],
    ['"abc"', 'abc'],
    ['  order-42:created.v1  ', 'order-42:created.v1'],
    ['9f0b1c1e-2a6b-4a57-8f4c-0d8e5b8a1d11', '9f0b1c1e-2a6b-4a57-8f4c-0d8e5b8a1d11'],
    [undefined, undefined],
  ])('accepts header %j as %j', (header, key) => {
    expect(parseIdempotencyKeyHeader(header)).toBe(key);
  });

  it.each(['', '""', 'has space', 'quote"inside', 'back\\slash', 'é', 'x'.repeat(256)])(
    'rejects header %j',
    (header) => {
      expect(() => parseIdempotencyKeyHeader(header)).toThrow(DomainError);
    },
  );

  it('derives a UUIDv5 that depends on issuer, transaction, type and instant only', () => {
    const key = deriveIdempotencyKey('erp', event, '2026-11-28T08:15:00Z');
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deriveIdempotencyKey('erp', { ...event, amount: 2 }, '2026-11-28T08:15:00Z')).toBe(key);
    expect(deriveIdempotencyKey('crm', event, '2026-11-28T08:15:00Z')).not.toBe(key);
    expect(
      deriveIdempotencyKey('erp', { ...event, transaction_id: 'tx-2' }, '2026-11-28T08:15:00Z'),
    ).not.toBe(key);
    expect(
      deriveIdempotencyKey('erp', { ...event, event_type: 'order.paid' }, '2026-11-28T08:15:00Z'),
    ).not.toBe(key);
    expect(deriveIdempotencyKey('erp', event, '2026-11-28T08:15:01Z')).not.toBe(key);
  });

  it('keeps the keys it handed out before: a changed key would deliver a retried event twice', () => {
    expect(derivedEventKey('erp', event, '2026-11-28T08:15:00Z').idempotencyKey).toBe(
      'c47a8136-4bd7-5b8b-a786-e704132786af',
    );
    expect(cloudEventKey('/erp/orders', 'ord-1').idempotencyKey).toBe(
      '33bad07b-cee9-5b82-b8cb-1a2244eac010',
    );
  });

  it('dedupes on the natural identity, event time first, so the ledger index grows in time order', () => {
    expect(derivedEventKey('erp', event, '2026-11-28T08:15:00Z').dedupeKey).toBe(
      '["tx","2026-11-28T08:15:00Z","tx-1","order.created"]',
    );
    const earlier = derivedEventKey(
      'erp',
      { ...event, transaction_id: 'zz' },
      '2026-11-28T08:14:59Z',
    );
    expect(
      earlier.dedupeKey < derivedEventKey('erp', event, '2026-11-28T08:15:00Z').dedupeKey,
    ).toBe(true);
    expect(cloudEventKey('/erp/orders', 'ord-1').dedupeKey).toBe('["ce","/erp/orders","ord-1"]');
    expect(headerEventKey('order-42')).toEqual({
      idempotencyKey: 'order-42',
      dedupeKey: 'order-42',
    });
  });

  it('never lets a header key name a derived or CloudEvents identity: those hold a quote', () => {
    for (const key of [
      derivedEventKey('erp', event, '2026-11-28T08:15:00Z').dedupeKey,
      cloudEventKey('/erp/orders', 'ord-1').dedupeKey,
    ]) {
      expect(() => parseIdempotencyKeyHeader(key)).toThrow(DomainError);
    }
  });

  it('fingerprints the payload with the normalised time', () => {
    const a = fingerprint(event, '2026-11-28T08:15:00Z');
    expect(
      fingerprint({ ...event, timestamp: '2026-11-28T08:15:00Z' }, '2026-11-28T08:15:00Z'),
    ).toBe(a);
    expect(fingerprint({ ...event, amount: 2 }, '2026-11-28T08:15:00Z')).not.toBe(a);
    expect(fingerprint({ ...event, currency: 'USD' }, '2026-11-28T08:15:00Z')).not.toBe(a);
  });
});
