import { REDACTED, storedBody } from './received-body';

describe(storedBody.name, () => {
  const body = {
    order: { number: 'SO-1', customer: { email: 'ann@example.com', phone: '+3312' } },
    cards: [{ pan: '4111111111111111' }, { pan: '5500000000000004' }],
    'a/b': 'slash',
  };

  it('stores the body as JSON, unchanged without REDACT_FIELDS', () => {
    expect(JSON.parse(storedBody(body, []))).toEqual(body);
  });

  it('replaces each pointed value, in objects and arrays, and leaves the original alone', () => {
    const stored = JSON.parse(
      storedBody(body, [['order', 'customer', 'email'], ['cards', '1', 'pan'], ['a/b']]),
    ) as typeof body;

    expect(stored.order.customer).toEqual({ email: REDACTED, phone: '+3312' });
    expect(stored.cards).toEqual([{ pan: '4111111111111111' }, { pan: REDACTED }]);
    expect(stored['a/b']).toBe(REDACTED);
    expect(body.order.customer.email).toBe('ann@example.com');
    expect(body.cards[1].pan).toBe('5500000000000004');
  });

  it('ignores a pointer to nothing', () => {
    expect(JSON.parse(storedBody(body, [['order', 'missing', 'x'], ['nope']]))).toEqual(body);
  });
});
