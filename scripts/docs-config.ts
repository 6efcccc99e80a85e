import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_CONFIG_FILES } from '../src/config/config-docs';

/** `npm run docs:config`: writes docs/configuration.md and .env.example from the catalog. */
const root = join(__dirname, '..');
for (const { path, render } of GENERATED_CONFIG_FILES) {
  writeFileSync(join(root, path), render());
  console.log(`wrote ${path}`);
}
