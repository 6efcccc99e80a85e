import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { parse } from 'dotenv';
import { EnvironmentVariables } from './env.schema';
import { parseConfig } from './parse-config';

const root = join(__dirname, '..', '..');
const example = parse(readFileSync(join(root, '.env.example')));
const configurationDoc = readFileSync(join(root, 'docs', 'configuration.md'), 'utf8');
const schemaKeys = [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
      .map((m) => m.propertyName),
  ),
];

describe('.env.example and docs/configuration.md document the configuration', () => {
  it('lists every variable the gateway reads, and no other', () => {
    expect(Object.keys(example).sort()).toEqual(schemaKeys.sort());
  });

  it.each(schemaKeys)('docs/configuration.md has a row for %s', (key) => {
    expect(configurationDoc).toMatch(new RegExp(`^\\| [^\\n]*\`${key}\``, 'm'));
  });

  it('is a valid configuration once a key is supplied (sandbox mode)', () => {
    const { generateKeyPairSync } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    const config = parseConfig({
      ...example,
      LEGACY_JWT_PUB_KEY: pem,
      GENESYS_LOGIN_URL: 'http://127.0.0.1:1',
      GENESYS_API_URL: 'http://127.0.0.1:1',
    });
    expect(config.sandbox).toBe(true);
    expect(config.outbox.synchronous).toBe('full');
  });
});
