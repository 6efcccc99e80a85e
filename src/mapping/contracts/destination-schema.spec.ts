import { readContractDefinitions } from './contract-definition';
import { erpOrderContract } from './contract-fixtures';
import {
  compileDestinationCheck,
  destinationMisfits,
  readDestinationSchema,
  type DestinationSchema,
} from './destination-schema';

const definition = readContractDefinitions({ contracts: [erpOrderContract()] }, () => ({}))
  .definitions[0];

const FITTING: DestinationSchema = {
  required: ['orderNumber'],
  properties: {
    orderNumber: { type: 'string' },
    total: { type: 'number' },
    channel: { type: 'string', enum: ['web', 'store'] },
    status: { type: 'string', enum: ['new', 'shipped'] },
  },
};

describe(destinationMisfits.name, () => {
  it('finds nothing when the contract fits', () => {
    expect(destinationMisfits(definition, FITTING)).toEqual([]);
  });

  it.each([
    [
      { ...FITTING, properties: { ...FITTING.properties, total: undefined } },
      'attribute total is not in the destination schema',
    ],
    [
      { ...FITTING, properties: { ...FITTING.properties, total: { type: 'boolean' } } },
      'attribute total is number but the destination schema wants boolean',
    ],
    [
      { ...FITTING, properties: { ...FITTING.properties, orderNumber: { type: 'integer' } } },
      'attribute orderNumber is string but the destination schema wants integer',
    ],
    [
      {
        ...FITTING,
        properties: { ...FITTING.properties, channel: { type: 'string', enum: ['store'] } },
      },
      'attribute channel can be "web", not in the destination enum',
    ],
    [
      { ...FITTING, required: ['orderNumber', 'region'] },
      'required attribute region is not mapped by the contract',
    ],
  ])('%#: %s', (schema, expected) => {
    expect(destinationMisfits(definition, schema as DestinationSchema)).toEqual([
      `contract erp-order-created (configuration 3f0c1a2b-0000-4000-8000-000000000001): ${expected}`,
    ]);
  });
});

describe(compileDestinationCheck.name, () => {
  const check = compileDestinationCheck(FITTING);

  it('passes mapped attributes that fit', () => {
    expect(check({ orderNumber: 'SO-1', total: 3, channel: 'web' })).toEqual([]);
  });

  it('names each attribute that does not fit', () => {
    expect(check({ total: 'x', channel: 'phone', extra: 1 }).map((e) => e.message)).toEqual([
      'attributes.orderNumber is required by the destination schema',
      'attributes.total must be number',
      'attributes.channel must be one of "web", "store"',
      'attributes.extra is not in the destination schema',
    ]);
  });

  it('reads a Genesys jsonSchema', () => {
    expect(
      readDestinationSchema({
        type: 'object',
        required: ['a', 3],
        properties: { a: { type: 'string' } },
      }),
    ).toEqual({ required: ['a'], properties: { a: { type: 'string' } } });
    expect(readDestinationSchema({ type: 'object' })).toBeUndefined();
  });
});
