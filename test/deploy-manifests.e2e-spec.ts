import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { parseConfig } from '../src/config/parse-config';
import { VARIABLES } from '../src/config/variables';
import { startGateway, testEnv, type TestGateway } from './support/gateway';

interface Probe {
  httpGet: { path: string; port: string | number };
}
interface Container {
  ports?: Array<{ name?: string; containerPort: number }>;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
}
interface Manifest {
  kind: string;
  data?: Record<string, string>;
  spec?: { template?: { spec?: { containers?: Container[] } } };
}

const root = join(__dirname, '..');
const manifestFiles = readdirSync(join(root, 'deploy'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => join(root, 'deploy', f));
const manifests: Manifest[] = manifestFiles.flatMap((file) =>
  parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as Manifest;
  }),
);
const containers = manifests.flatMap((m) => m.spec?.template?.spec?.containers ?? []);
const knownVariables = new Set(Object.keys(VARIABLES));

describe('deployment files match the app', () => {
  let gw: TestGateway;
  let defaultPort: number;

  beforeAll(async () => {
    gw = await startGateway();
    defaultPort = parseConfig({ ...testEnv(gw.sandbox, gw.keys, gw.dataDir), PORT: undefined })
      .server.port;
  });
  afterAll(() => gw.destroy());

  it('has manifests with containers to check', () => {
    expect(manifestFiles.length).toBeGreaterThan(0);
    expect(containers.length).toBeGreaterThan(0);
  });

  it('probes point at routes that answer 200 without a token, on declared ports', async () => {
    for (const container of containers) {
      const portNames = new Set((container.ports ?? []).map((p) => p.name));
      for (const probe of [container.livenessProbe, container.readinessProbe]) {
        expect(probe).toBeDefined();
        const { path, port } = probe!.httpGet;
        expect(typeof port === 'number' ? port : portNames.has(port)).toBeTruthy();
        expect((await request(gw.server).get(path)).status).toBe(200);
      }
      expect(container.ports?.map((p) => p.containerPort)).toEqual([defaultPort]);
    }
  });

  it('configures only variables the gateway reads, with the default port', () => {
    for (const configMap of manifests.filter((m) => m.kind === 'ConfigMap')) {
      for (const key of Object.keys(configMap.data ?? {})) {
        expect([key, knownVariables.has(key)]).toEqual([key, true]);
      }
      expect(configMap.data?.PORT).toBe(String(defaultPort));
    }
  });

  it('the Dockerfile exposes that port and health-checks the liveness route', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${defaultPort}$`, 'm'));
    expect(dockerfile).toContain('/health/live');
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});
