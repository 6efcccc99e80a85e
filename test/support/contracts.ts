import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { generateTestKeys, type TestKeys } from './keys';
import { sign } from 'jsonwebtoken';

export const ERP = 'https://erp.example.com';
export const BILLING = 'https://billing.example.com';
export const CONTRACT_AUDIENCE = 'genesys-event-gateway-contracts';

const EXAMPLES = resolve(__dirname, '..', '..', 'examples', 'contracts');

export interface ContractFixture {
  readonly dir: string;
  readonly contractsFile: string;
  readonly keys: TestKeys;
  /** Environment for startGateway: two issuers (ERP, billing) and the contracts file. */
  readonly env: Record<string, string>;
  token(issuer: string): string;
  /** Rewrites the contracts file (the gateway notices the change and reloads). */
  write(contracts: unknown): void;
  remove(): void;
}

/** The example contracts, as a plain object to vary: schemaFile paths made absolute. */
export function exampleContracts(): { contracts: Array<Record<string, unknown>> } {
  const raw = parse(readFileSync(join(EXAMPLES, 'contracts.yaml'), 'utf8')) as {
    contracts: Array<Record<string, unknown>>;
  };
  for (const contract of raw.contracts) {
    if (typeof contract.schemaFile === 'string') {
      contract.schemaFile = join(EXAMPLES, contract.schemaFile);
    }
  }
  return raw;
}

/**
 * Two issuers and three event types: ERP sends orders; billing sends paid invoices and (for this
 * test) the ticketing contract's closed cases too.
 */
export function twoIssuerContracts(): { contracts: Array<Record<string, unknown>> } {
  const raw = exampleContracts();
  raw.contracts[2].issuers = [BILLING];
  return raw;
}

export function sample(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(EXAMPLES, 'samples', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}

export function contractFixture(contracts: unknown = twoIssuerContracts()): ContractFixture {
  const dir = mkdtempSync(join(tmpdir(), 'contracts-test-'));
  const keys = generateTestKeys();
  writeFileSync(join(dir, 'legacy.pem'), keys.publicPem);
  writeFileSync(
    join(dir, 'issuers.yaml'),
    stringify({
      issuers: [ERP, BILLING].map((issuer) => ({
        issuer,
        audience: CONTRACT_AUDIENCE,
        keys: ['legacy.pem'],
      })),
    }),
  );
  const contractsFile = join(dir, 'contracts.yaml');
  const write = (value: unknown) => writeFileSync(contractsFile, stringify(value));
  write(contracts);
  return {
    dir,
    contractsFile,
    keys,
    env: {
      LEGACY_JWT_PUB_KEY: '',
      LEGACY_JWT_ISSUER: '',
      LEGACY_JWT_AUDIENCE: '',
      LEGACY_ISSUERS_FILE: join(dir, 'issuers.yaml'),
      CONTRACTS_FILE: contractsFile,
      GENESYS_TARGET: 'external-events',
      GENESYS_BATCH_LINGER_MS: '50',
    },
    token: (issuer) =>
      sign({}, keys.privateKey, {
        algorithm: 'ES256',
        issuer,
        audience: CONTRACT_AUDIENCE,
        subject: 'contracts-test',
        expiresIn: 300,
      }),
    write,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
