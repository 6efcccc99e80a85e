import { readContractDefinitions } from './contract-definition';
import { erpOrderContract } from './contract-fixtures';

const problemsOf = (raw: unknown) => readContractDefinitions(raw, () => ({})).problems;

describe(readContractDefinitions.name, () => {
  it('reads a valid file', () => {
    const { definitions, problems } = readContractDefinitions(
      { contracts: [erpOrderContract()] },
      () => ({}),
    );
    expect(problems).toEqual([]);
    expect(definitions[0].genesys.customer).toEqual([
      { from: '/customer/id', externalSourceId: 'erp' },
      { from: '/customer/email', externalSourceId: 'email' },
    ]);
  });

  it.each([
    [{}, 'contracts: must be a non-empty list'],
    [{ contracts: [] }, 'contracts: must be a non-empty list'],
    [
      { contracts: [erpOrderContract({ name: 'Bad Name' })] },
      'contracts[0] (Bad Name).name: must match',
    ],
    [
      { contracts: [erpOrderContract({ issuers: [] })] },
      'contracts[0] (erp-order-created).issuers: must be a non-empty list',
    ],
    [
      { contracts: [erpOrderContract({ eventTime: 'created_at' })] },
      'contracts[0] (erp-order-created).eventTime: must be a JSON pointer',
    ],
    [
      { contracts: [erpOrderContract({ identity: ['/a~2'] })] },
      'contracts[0] (erp-order-created).identity: must be a non-empty list of JSON pointers',
    ],
    [
      { contracts: [erpOrderContract({ match: { type: 'X' } })] },
      'contracts[0] (erp-order-created).match.type: the key must be a JSON pointer',
    ],
    [
      { contracts: [erpOrderContract({ schemaFile: 'x.json' })] },
      'contracts[0] (erp-order-created).schema: set exactly one of schema and schemaFile',
    ],
    [
      { contracts: [erpOrderContract({ colour: 'red' })] },
      'contracts[0] (erp-order-created).colour: unknown key',
    ],
    [
      { contracts: [erpOrderContract(), erpOrderContract()] },
      'contracts[1] (erp-order-created).name: is used by another contract',
    ],
  ])('%j -> %s', (raw, expected) => {
    expect(problemsOf(raw)).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });

  function withGenesys(genesys: Record<string, unknown>) {
    return {
      contracts: [
        erpOrderContract({
          genesys: {
            configurationId: 'cfg-1',
            externalSourceId: 'erp',
            customer: ['/c'],
            attributes: { a: '/a' },
            ...genesys,
          },
        }),
      ],
    };
  }

  it.each([
    [{ configurationId: 'not an id!' }, 'genesys.configurationId: must be a Genesys id'],
    [{ customer: [] }, 'genesys.customer: must list at least one JSON pointer'],
    [
      { customer: ['/c'], externalSourceId: undefined },
      'genesys.customer[0]: needs an externalSourceId',
    ],
    [{ attributes: {} }, 'genesys.attributes: must map at least one attribute'],
    [{ attributes: { a: 'a' } }, 'genesys.attributes.a: a string source must be a JSON pointer'],
    [{ attributes: { a: { from: '/a', as: 'money' } } }, 'genesys.attributes.a.as: must be one of'],
    [{ attributes: { a: { from: '/a', map: { N: {} } } } }, 'genesys.attributes.a.map: must map'],
    [{ attributes: { a: { const: null } } }, 'genesys.attributes.a.const: must be a string'],
    [{ attributes: { 'a-b': '/a' } }, 'genesys.attributes.a-b: attribute names must match'],
    [
      { attributes: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`a${i}`, '/a'])) },
      "genesys.attributes: 51 attributes, more than Genesys' 50",
    ],
  ])('genesys %j -> %s', (genesys, expected) => {
    expect(problemsOf(withGenesys(genesys))).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`contracts[0] (erp-order-created).${expected}`),
      ]),
    );
  });

  it('reads schemaFile through the reader and names it when the reader fails', () => {
    const raw = { contracts: [erpOrderContract({ schema: undefined, schemaFile: 'order.json' })] };
    const read = readContractDefinitions(raw, (path) => ({ type: 'object', title: path }));
    expect(read.definitions[0].schema).toEqual({ type: 'object', title: 'order.json' });
    const failed = readContractDefinitions(raw, () => {
      throw new Error('cannot read order.json');
    });
    expect(failed.problems).toEqual([
      'contracts[0] (erp-order-created).schemaFile: cannot read order.json',
    ]);
  });
});
