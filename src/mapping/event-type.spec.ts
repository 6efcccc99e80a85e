import { genesysEventType, parseLegacyEventType } from './event-type';

describe(parseLegacyEventType.name, () => {
  it.each([
    ['order.created', 'order', 'created'],
    ['ORDER_CREATED', 'order', 'created'],
    ['order-created', 'order', 'created'],
    ['OrderCreated', 'order', 'created'],
    ['order:created', 'order', 'created'],
    ['order/created', 'order', 'created'],
    ['  order  created ', 'order', 'created'],
    ['order.line.added', 'order', 'line_added'],
    ['invoice2.paid', 'invoice2', 'paid'],
    ['PAYMENT_REFUND_ISSUED', 'payment', 'refund_issued'],
  ])('maps %j to category %s, action %s', (input, category, action) => {
    expect(parseLegacyEventType(input)).toEqual({ ok: true, category, action });
  });

  it.each([
    ['', 'must be 1 to'],
    ['order', 'category and an action'],
    ['...', 'category and an action'],
    ['2fa.enabled', 'start with a letter'],
    ['order.créé', 'only letters, digits'],
    ['order.cr$ated', 'only letters, digits'],
    ['x'.repeat(129), 'must be 1 to 128'],
  ])('rejects %j', (input, reason) => {
    const result = parseLegacyEventType(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });

  it('builds custom.<vendor>.<category>.<action>', () => {
    expect(genesysEventType('legacy', 'order', 'created')).toBe('custom.legacy.order.created');
  });
});
