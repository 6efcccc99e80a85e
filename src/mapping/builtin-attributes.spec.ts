import type { BusinessEvent } from './business-event';
import { builtinAttributeCount, builtinAttributes } from './builtin-attributes';

const event = (data: Record<string, unknown>): BusinessEvent =>
  ({
    eventType: 'custom.acme.order.created',
    eventTime: '2026-11-28T08:15:00Z',
    source: { system: 'erp', version: '1.0' },
    data,
  }) as unknown as BusinessEvent;

describe(builtinAttributeCount.name, () => {
  it.each([
    [
      'the mapped fields',
      { transaction_id: 'SO-1', amount: 1, currency: 'EUR', original_type: 'x' },
    ],
    ['no data', {}],
    ['data fields named like the outside ones', { event_type: 'a', source_system: 'b', x: 1 }],
  ])('counts the keys builtinAttributes makes: %s', (_name, data) => {
    expect(builtinAttributeCount(event(data))).toBe(
      Object.keys(builtinAttributes(event(data))).length,
    );
  });
});
