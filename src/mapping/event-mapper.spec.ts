import { mapLegacyEvent } from './event-mapper';

const config = {
  vendor: 'legacy',
  sourceSystem: 'legacy-ordering-platform',
  sourceVersion: '2.1.0',
};
const legacy = {
  transaction_id: 'tx-1',
  event_type: 'ORDER_CREATED',
  amount: 10.25,
  currency: 'EUR',
  timestamp: '2026-11-28T10:15:00+02:00',
};

describe(mapLegacyEvent.name, () => {
  it('maps with the time the caller parsed already, the same as parsing it again', () => {
    const parsed = Date.parse('2026-11-28T08:15:00Z');
    expect(mapLegacyEvent(legacy, config, parsed)).toEqual(mapLegacyEvent(legacy, config));
  });

  it('maps the tutorial example to the Genesys event schema', () => {
    expect(mapLegacyEvent(legacy, config)).toEqual({
      ok: true,
      event: {
        eventType: 'custom.legacy.order.created',
        eventTime: '2026-11-28T08:15:00Z',
        source: { system: 'legacy-ordering-platform', version: '2.1.0' },
        data: {
          transaction_id: 'tx-1',
          amount: 10.25,
          currency: 'EUR',
          original_type: 'ORDER_CREATED',
        },
      },
    });
  });

  it('uses the configured vendor and source', () => {
    const result = mapLegacyEvent(legacy, {
      vendor: 'acme',
      sourceSystem: 'sap',
      sourceVersion: '7',
    });
    expect(result.ok && result.event.eventType).toBe('custom.acme.order.created');
    expect(result.ok && result.event.source).toEqual({ system: 'sap', version: '7' });
  });

  it.each([
    [{ event_type: 'created' }, 'event_type'],
    [{ timestamp: 'now' }, 'timestamp'],
  ])('names the field it cannot map: %j', (overrides, field) => {
    const result = mapLegacyEvent({ ...legacy, ...overrides }, config);
    expect(result).toMatchObject({ ok: false, field });
  });
});
