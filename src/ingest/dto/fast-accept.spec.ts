import fc from 'fast-check';
import { DomainError } from '../../common/problem/domain-error';
import { parseEventTime } from '../../mapping';
import { type DecodedEvent, EventDecoder } from '../event-decoder';
import { acceptLegacyEvent } from './fast-accept';

/**
 * The fast checks must never change an answer: decodeAll (fast path first) has to give exactly what
 * the full class-validator path gives, item by item, for valid and invalid items alike.
 */
const decoder = new EventDecoder({ enabled: false });

async function fullPath(raw: unknown, cloud: boolean): Promise<unknown> {
  try {
    return await (cloud ? decoder.validatedCloudEvent(raw) : decoder.validatedLegacy(raw));
  } catch (error) {
    if (error instanceof DomainError) {
      return { code: error.code, detail: error.detail, errors: error.options.errors };
    }
    throw error;
  }
}

/**
 * The fast path's answer, without the event time it parsed on the way: that must be the time the
 * timestamp names (what mapping would parse), and is checked here first.
 */
async function viaDecodeAll(raw: unknown, cloud: boolean): Promise<unknown> {
  const [decoded] = await decoder.decodeAll([raw], cloud ? 'cloudevents-batch' : 'legacy');
  return withoutParsedTime(decoded);
}

/** The single-event routes' answer (decoder.legacy / cloudEvent), as viaDecodeAll. */
async function viaSingleRoute(raw: unknown, cloud: boolean): Promise<unknown> {
  try {
    return withoutParsedTime(await (cloud ? decoder.cloudEvent(raw) : decoder.legacy(raw)));
  } catch (error) {
    if (error instanceof DomainError) {
      return withoutParsedTime(error);
    }
    throw error;
  }
}

function withoutParsedTime(decoded: DecodedEvent | DomainError): unknown {
  if (decoded instanceof DomainError) {
    return { code: decoded.code, detail: decoded.detail, errors: decoded.options.errors };
  }
  if (decoded.kind === 'builtin' && decoded.eventTimeMs !== undefined) {
    const { eventTimeMs, ...rest } = decoded;
    expect(parseEventTime(decoded.legacy.timestamp)).toEqual({ ok: true, epochMs: eventTimeMs });
    return rest;
  }
  return decoded;
}

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/** Valid values most of the time (so that one near miss decides), near misses, and anything. */
const often = (valid: fc.Arbitrary<unknown>, ...others: Array<fc.Arbitrary<unknown>>) =>
  fc.oneof({ arbitrary: valid, weight: 6 }, ...others);
const field = {
  transaction_id: often(
    fc.constantFrom('tx-1', 'ORD-2026-000123', 'x'.repeat(128)),
    fc.constantFrom('', 'has space', 'x'.repeat(129), 'tx-\u00e9'),
    fc.string({ maxLength: 140 }),
    fc.anything(),
  ),
  event_type: often(
    fc.constantFrom('order.created', 'ORDER_CREATED', 'OrderCreated', 'a.b'),
    fc.constantFrom('order', '1order.created', 'order.Created', 'order..created', 'é.created'),
    fc.constantFrom('order.created.', 'o'.repeat(129) + '.x'),
    fc.string({ maxLength: 20 }),
    fc.anything(),
  ),
  amount: often(
    fc.constantFrom(42.5, 0, -1, 1e15),
    fc.constantFrom(1e16, 0.1234567, 1e-7, '42.5', Number.MAX_VALUE),
    fc.double(),
    fc.anything(),
  ),
  currency: often(
    fc.constantFrom('EUR', 'USD', 'XAU'),
    fc.constantFrom('eur', 'ABC', 'EURO', ''),
    fc.anything(),
  ),
  timestamp: often(
    fc.constantFrom('2026-11-28T10:15:00+02:00', 1795947300, 1795947300000, '1795947300'),
    fc.constantFrom('2026-02-30T10:15:00Z', '2026-11-28T10:15:00', -1, 1e20, ''),
    fc.anything(),
  ),
};
const legacyEvent = fc.oneof(
  { arbitrary: fc.record(field), weight: 4 },
  fc.record(field, { requiredKeys: [] }),
);
const withExtra = fc.tuple(legacyEvent, fc.dictionary(fc.string({ maxLength: 8 }), fc.anything()));

describe('batch fast path (fast-accept.ts)', () => {
  it('accepts the plainly valid event without class-validator', () => {
    const event = {
      transaction_id: 'tx-1',
      event_type: 'order.created',
      amount: 42.5,
      currency: 'EUR',
      timestamp: '2026-11-28T10:15:00+02:00',
    };

    expect(acceptLegacyEvent(event)?.legacy).toEqual(event);
    expect(acceptLegacyEvent({ ...event, extra: 1 })).toBeUndefined();
  });

  it('answers every legacy item exactly as the full validation path does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          legacyEvent,
          withExtra.map(([e, x]) => ({ ...x, ...e })),
        ),
        async (raw) => {
          const item = plain(raw);
          const full = await fullPath(item, false);
          expect(await viaDecodeAll(item, false)).toEqual(full);
          expect(await viaSingleRoute(item, false)).toEqual(full);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('answers every CloudEvents item exactly as the full validation path does', async () => {
    const cloudEvent = fc.record(
      {
        specversion: often(fc.constant('1.0'), fc.anything()),
        id: often(fc.constantFrom('e-1', 'x'.repeat(256)), fc.constantFrom('', 'x'.repeat(257))),
        source: often(fc.constant('/erp'), fc.constant(''), fc.anything()),
        type: often(
          fc.constantFrom('com.acme.erp.order.created', 'order.created'),
          fc.constantFrom('order', 'x'.repeat(257)),
          fc.anything(),
        ),
        time: often(
          fc.constantFrom('2026-11-28T10:15:00+02:00', '2026-11-28T08:15:00Z'),
          field.timestamp,
        ),
        datacontenttype: often(fc.constant('application/json'), fc.constant('text/plain')),
        subject: often(fc.constant('s'), fc.constant('x'.repeat(513)), fc.anything()),
        comexampleext: fc.constantFrom('ext', 1),
        data: often(
          fc.record({
            transaction_id: field.transaction_id,
            amount: field.amount,
            currency: field.currency,
          }),
          fc.record({ transaction_id: field.transaction_id, extra: fc.anything() }),
          fc.anything(),
        ),
      },
      { requiredKeys: ['specversion', 'id', 'source', 'type', 'time', 'data'] },
    );
    await fc.assert(
      fc.asyncProperty(cloudEvent, async (raw) => {
        const item = plain(raw);
        const full = await fullPath(item, true);
        expect(await viaDecodeAll(item, true)).toEqual(full);
        expect(await viaSingleRoute(item, true)).toEqual(full);
      }),
      { numRuns: 3000 },
    );
  });
});
