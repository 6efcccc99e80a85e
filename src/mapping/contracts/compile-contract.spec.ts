import { compileContract, createSchemaCompiler } from './compile-contract';
import { readContractDefinitions } from './contract-definition';
import { compileContractSet } from './contract-set';
import { ERP_ORDER_BODY, erpOrderContract } from './contract-fixtures';

function compiled(overrides: Record<string, unknown> = {}) {
  const { definitions, problems } = readContractDefinitions(
    { contracts: [erpOrderContract(overrides)] },
    () => ({}),
  );
  expect(problems).toEqual([]);
  return compileContract(definitions[0], createSchemaCompiler());
}

/** A contract with one attribute under test and a body with one field under test. */
function attribute(spec: unknown, value: unknown) {
  const contract = compiled({
    schema: { type: 'object' },
    genesys: {
      configurationId: 'cfg-1',
      externalSourceId: 'erp',
      customer: ['/customer/id'],
      attributes: { a: spec },
    },
  });
  const body: Record<string, unknown> = { ...ERP_ORDER_BODY };
  if (value !== undefined) {
    body.v = value;
  }
  return contract.apply(body);
}

describe('compiled contract', () => {
  it('maps the ERP order to the exact entity', () => {
    expect(compiled().apply(ERP_ORDER_BODY)).toEqual({
      ok: true,
      identity: ['SO-1234'],
      event: {
        kind: 'contract',
        eventType: 'erp-order-created',
        configurationId: '3f0c1a2b-0000-4000-8000-000000000001',
        dateCreated: '2026-11-28T08:15:00Z',
        externalIds: [
          { value: 'C-77', externalSourceId: 'erp' },
          { value: 'ann@example.com', externalSourceId: 'email' },
        ],
        attributes: { orderNumber: 'SO-1234', total: 129.5, channel: 'web', status: 'new' },
      },
    });
  });

  it.each([
    ['string', 'abc', 'abc'],
    ['string', 12.5, '12.5'],
    ['string', true, 'true'],
    ['number', 12.5, 12.5],
    ['number', '12.50', 12.5],
    ['number', ' -3e2 ', -300],
    ['integer', 42, 42],
    ['integer', '42', 42],
    ['boolean', true, true],
    ['boolean', 'FALSE', false],
    ['boolean', 1, true],
    ['boolean', '0', false],
    ['datetime', '2026-11-28T10:15:00+02:00', '2026-11-28T08:15:00Z'],
    ['datetime', 1795947300, '2026-11-29T10:15:00Z'],
  ])('as %s: %j -> %j', (as, value, expected) => {
    const result = attribute({ from: '/v', as }, value);
    expect(result.ok && result.event.attributes.a).toBe(expected);
  });

  it.each([
    ['string', { x: 1 }],
    ['string', [1]],
    ['number', 'twelve'],
    ['number', ''],
    ['number', true],
    ['integer', 4.5],
    ['integer', '4.5'],
    ['boolean', 'yes'],
    ['boolean', 2],
    ['datetime', '2026-02-30T10:00:00Z'],
    ['datetime', '2026-11-28T10:15:00'],
  ])('as %s refuses %j and names the pointer and the attribute', (as, value) => {
    const result = attribute({ from: '/v', as }, value);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { field: '/v', message: expect.stringMatching(/^\/v .*\(attribute a\)$/) as string },
    ]);
  });

  it.each([
    ['a string as it is', '/v', 'abc', 'abc'],
    ['a number as it is', '/v', 7, 7],
    ['a boolean as it is', '/v', false, false],
    ['const', { const: 'web' }, undefined, 'web'],
    ['const beats the body', { const: 3 }, 'x', 3],
    ['map', { from: '/v', map: { N: 'new' } }, 'N', 'new'],
    ['map on a number', { from: '/v', map: { '1': 'one' } }, 1, 'one'],
    ['map then as', { from: '/v', map: { A: '1' }, as: 'integer' }, 'A', 1],
    ['map miss with default', { from: '/v', map: { N: 'new' }, default: 'other' }, 'Z', 'other'],
    ['missing with default', { from: '/v', default: 'none' }, undefined, 'none'],
    ['null with default', { from: '/v', default: 0 }, null, 0],
    ['default converted by as', { from: '/v', as: 'number', default: '5' }, undefined, 5],
  ])('%s', (_name, spec, value, expected) => {
    const result = attribute(spec, value);
    expect(result.ok && result.event.attributes.a).toBe(expected);
  });

  it('leaves out a missing attribute that has no default', () => {
    const result = attribute({ from: '/v', as: 'number' }, undefined);
    expect(result.ok && 'a' in result.event.attributes).toBe(false);
  });

  it.each([
    ['an object as it is', '/v', { x: 1 }],
    ['a value map does not list', { from: '/v', map: { N: 'new' } }, 'Q'],
  ])('refuses %s', (_name, spec, value) => {
    const result = attribute(spec, value);
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual(['/v']);
  });

  it('names every schema failure by JSON pointer', () => {
    const result = compiled().apply({ type: 'ORDER_CREATED', order_no: 7, customer: { id: 1 } });
    expect(!result.ok && result.errors.map((e) => e.field).sort()).toEqual([
      '/created_at',
      '/customer/id',
      '/order_no',
    ]);
  });

  it('refuses a body without a time, an identity or any customer reference', () => {
    const contract = compiled({ schema: { type: 'object' } });
    const result = contract.apply({ status: 'N', customer: {} });
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual([
      '/created_at',
      '/order_no',
      '/customer/id',
    ]);
  });

  it('skips a missing customer reference when another one is there', () => {
    const result = compiled().apply({ ...ERP_ORDER_BODY, customer: { email: 'ann@example.com' } });
    expect(result.ok && result.event.externalIds).toEqual([
      { value: 'ann@example.com', externalSourceId: 'email' },
    ]);
  });

  it('matches on every pointer of match, and a contract without match takes any body', () => {
    expect(compiled().matches(ERP_ORDER_BODY)).toBe(true);
    expect(compiled().matches({ ...ERP_ORDER_BODY, type: 'ORDER_SHIPPED' })).toBe(false);
    expect(compiled({ match: undefined }).matches({})).toBe(true);
  });

  it('never reads inherited properties', () => {
    const result = attribute('/v/constructor', {});
    expect(result.ok && 'a' in result.event.attributes).toBe(false);
  });
});

describe(compileContractSet.name, () => {
  it('selects the first matching contract of the issuer, in file order', () => {
    const { definitions } = readContractDefinitions(
      {
        contracts: [
          erpOrderContract(),
          erpOrderContract({ name: 'erp-any', match: undefined }),
          erpOrderContract({ name: 'other-issuer', issuers: ['https://crm.example.com'] }),
        ],
      },
      () => ({}),
    );
    const { set } = compileContractSet(definitions);
    expect(set?.select('https://erp.example.com', ERP_ORDER_BODY)?.name).toBe('erp-order-created');
    expect(set?.select('https://erp.example.com', { type: 'X' })?.name).toBe('erp-any');
    expect(set?.select('https://nobody.example.com', ERP_ORDER_BODY)).toBeUndefined();
  });

  it('names the contract whose schema or default cannot compile', () => {
    const { definitions } = readContractDefinitions(
      {
        contracts: [
          erpOrderContract({ schema: { type: 'object', propertiez: {} } }),
          erpOrderContract({
            name: 'bad-default',
            genesys: {
              configurationId: 'c',
              externalSourceId: 'erp',
              customer: ['/c'],
              attributes: { total: { from: '/t', as: 'number', default: 'n/a' } },
            },
          }),
        ],
      },
      () => ({}),
    );
    const { set, problems } = compileContractSet(definitions);
    expect(set).toBeUndefined();
    expect(problems).toEqual([
      expect.stringMatching(
        /^contracts\[0\] \(erp-order-created\)\.schema: .*propertiez/,
      ) as string,
      'contracts[1] (bad-default).genesys.attributes: attribute total: "n/a" must be a number or a numeric string',
    ]);
  });
});
