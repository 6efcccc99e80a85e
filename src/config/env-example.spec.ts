import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { parseConfig } from './parse-config';

const root = join(__dirname, '..', '..');
const example = parse(readFileSync(join(root, '.env.example')));

describe('.env.example', () => {
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
