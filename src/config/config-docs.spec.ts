import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { GENERATED_CONFIG_FILES, renderConfigurationDoc, renderEnvExample } from './config-docs';
import { VARIABLES } from './variables';

const root = join(__dirname, '..', '..');

describe('the configuration docs generated from the catalog', () => {
  it.each(GENERATED_CONFIG_FILES.map((file) => [file.path, file.render] as const))(
    '%s is up to date (run `npm run docs:config` after changing src/config/variables.ts)',
    (path, render) => {
      expect(readFileSync(join(root, path), 'utf8')).toBe(render());
    },
  );

  it('gives every variable one table row and one .env.example line', () => {
    const doc = renderConfigurationDoc();
    const example = parse(renderEnvExample());
    for (const name of Object.keys(VARIABLES)) {
      expect(doc.match(new RegExp(`^\\| \`${name}\` \\|`, 'gm'))).toHaveLength(1);
    }
    expect(Object.keys(example)).toEqual(Object.keys(VARIABLES));
  });

  it('shows each plain default in both files', () => {
    const example = parse(renderEnvExample());
    expect(example.PORT).toBe('8443');
    expect(example.LEGACY_JWT_ISSUER).toBe('erp-prod');
    expect(renderConfigurationDoc()).toContain('| `REDIS_LOCK_MS` | `30000` |');
  });
});
