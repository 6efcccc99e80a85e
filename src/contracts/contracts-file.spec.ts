import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { erpOrderContract } from '../mapping/contracts/contract-fixtures';
import { loadContractsFile } from './contracts-file';

describe(loadContractsFile.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'contracts-file-'));
  const file = join(dir, 'contracts.yaml');
  const issuers = [{ issuer: 'https://erp.example.com' }];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads YAML, with schemaFile relative to the file', () => {
    writeFileSync(join(dir, 'order.json'), JSON.stringify({ type: 'object' }));
    writeFileSync(
      file,
      stringify({ contracts: [erpOrderContract({ schema: undefined, schemaFile: 'order.json' })] }),
    );
    const loaded = loadContractsFile(file, issuers);
    expect(loaded.problems).toEqual([]);
    expect(loaded.set?.get('erp-order-created')?.definition.schema).toEqual({ type: 'object' });
  });

  it('reads JSON too', () => {
    writeFileSync(file, JSON.stringify({ contracts: [erpOrderContract()] }));
    expect(loadContractsFile(file, issuers).set?.contracts).toHaveLength(1);
  });

  it.each([
    ['{contracts: [', /is not valid YAML or JSON/],
    [
      stringify({
        contracts: [erpOrderContract({ schemaFile: 'missing.json', schema: undefined })],
      }),
      /schemaFile: cannot read missing\.json/,
    ],
    [
      stringify({ contracts: [erpOrderContract({ issuers: ['https://crm.example.com'] })] }),
      /https:\/\/crm\.example\.com is not an issuer of this gateway/,
    ],
  ])('refuses %s', (text, problem) => {
    writeFileSync(file, text);
    const loaded = loadContractsFile(file, issuers);
    expect(loaded.set).toBeUndefined();
    expect(loaded.problems).toEqual([expect.stringMatching(problem) as string]);
  });

  it('names a missing file', () => {
    expect(loadContractsFile(join(dir, 'nope.yaml'), issuers).problems).toEqual([
      `CONTRACTS_FILE: ${join(dir, 'nope.yaml')} cannot read the file`,
    ]);
  });
});
