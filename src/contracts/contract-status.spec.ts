import { readContractDefinitions } from '../mapping/contracts/contract-definition';
import { compileContract, createSchemaCompiler } from '../mapping/contracts/compile-contract';
import { erpOrderContract } from '../mapping/contracts/contract-fixtures';
import { contractStatus } from './contract-status';

const contract = compileContract(
  readContractDefinitions({ contracts: [erpOrderContract()] }, () => ({})).definitions[0],
  createSchemaCompiler(),
);
const where = 'contract erp-order-created (configuration 3f0c1a2b-0000-4000-8000-000000000001)';
const fitting = {
  type: 'object',
  required: ['orderNumber'],
  properties: {
    orderNumber: { type: 'string' },
    total: { type: 'number' },
    channel: { type: 'string' },
    status: { type: 'string' },
  },
};

describe(contractStatus.name, () => {
  it.each([
    [{ kind: 'found', schemaId: 's', schemaActive: true, jsonSchema: fitting }, 'live', []],
    [
      { kind: 'unknown', detail: 'Genesys unreachable' },
      'unverified',
      [`${where}: Genesys unreachable`],
    ],
    [
      { kind: 'missing', detail: 'Genesys has no configuration x' },
      'misfit',
      [`${where}: Genesys has no configuration x`],
    ],
    [
      { kind: 'found', schemaId: 's', schemaActive: false, jsonSchema: fitting },
      'misfit',
      [`${where}: its schema s is not active in Genesys`],
    ],
    [
      { kind: 'found', schemaId: 's', schemaActive: true, jsonSchema: { type: 'object' } },
      'misfit',
      [`${where}: schema s declares no properties`],
    ],
    [
      {
        kind: 'found',
        schemaId: 's',
        schemaActive: true,
        jsonSchema: {
          ...fitting,
          properties: { ...fitting.properties, total: { type: 'string' } },
        },
      },
      'misfit',
      [`${where}: attribute total is number but the destination schema wants string`],
    ],
  ] as const)('%j -> %s', (lookup, status, problems) => {
    const judged = contractStatus(contract, lookup);
    expect(judged.status).toBe(status);
    expect(judged.problems).toEqual(problems);
  });

  it('compiles the per-event check from a readable schema', () => {
    const judged = contractStatus(contract, {
      kind: 'found',
      schemaId: 's',
      schemaActive: true,
      jsonSchema: fitting,
    });
    expect(judged.check?.({ orderNumber: 1 })).toEqual([
      { field: 'attributes.orderNumber', message: 'attributes.orderNumber must be string' },
    ]);
    expect(contractStatus(contract, { kind: 'unknown', detail: 'x' }).check).toBeUndefined();
  });
});
