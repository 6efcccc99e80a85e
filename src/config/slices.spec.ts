import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Each Nest module injects only its own slice of the configuration (app-config.ts). A module that
 * needs another module's setting gets a copy in its own slice, so what a module depends on is
 * written in one class. This reads the sources, as the layer rules do.
 */
const OWNER: Readonly<Record<string, string>> = {
  ServerConfig: 'common',
  AuthConfig: 'auth',
  ConsoleConfig: 'console',
  IngestConfig: 'ingest',
  GenesysConfig: 'genesys',
  MappingConfig: 'mapping',
  ContractsConfig: 'contracts',
  OutboxConfig: 'outbox',
  DeliveryConfig: 'delivery',
  AdminConfig: 'admin',
  HealthConfig: 'health',
};

const src = join(__dirname, '..');
const sources = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
  .map((file) => ({ file, text: readFileSync(join(src, file), 'utf8') }));

/** Config classes a file injects: `@Inject(XConfig)` or a factory's `inject: [..., XConfig]`. */
function injected(text: string): string[] {
  const direct = [...text.matchAll(/@Inject\((\w+Config)\)/g)].map((m) => m[1]);
  const factories = [...text.matchAll(/inject: \[([^\]]*)\]/g)].flatMap((m) =>
    [...m[1].matchAll(/\b(\w+Config)\b/g)].map((n) => n[1]),
  );
  return [...direct, ...factories];
}

describe('configuration slices', () => {
  // The config module provides the slices; everyone else injects them.
  const injections = sources
    .filter(({ file }) => !file.startsWith(`config${sep}`))
    .flatMap(({ file, text }) =>
      injected(text).map((slice) => ({ module: file.split(sep)[0], file, slice })),
    );

  it('are injected somewhere, each one', () => {
    expect(new Set(injections.map((i) => i.slice))).toEqual(new Set(Object.keys(OWNER)));
  });

  it.each(Object.keys(OWNER))('%s is injected only by its own module', (slice) => {
    const strangers = injections
      .filter((i) => i.slice === slice && i.module !== OWNER[slice])
      .map((i) => relative(src, join(src, i.file)));
    expect(strangers).toEqual([]);
  });

  it('leaves the whole configuration (ConfigService) to the config module', () => {
    const readers = sources
      .filter(({ file, text }) => !file.startsWith(`config${sep}`) && /ConfigService/.test(text))
      .map(({ file }) => file);
    expect(readers).toEqual([]);
  });
});
