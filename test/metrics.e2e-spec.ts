import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { mintToken } from './support/keys';
import {
  ADMIN_TOKEN,
  eventually,
  legacyEvent,
  startGateway,
  type TestGateway,
} from './support/gateway';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

describe('GET /metrics (e2e): Prometheus exposition', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway({ env: { METRICS_TOKEN } });
  });
  afterAll(() => gw.destroy());

  const scrape = async (): Promise<string> => {
    const res = await request(gw.server)
      .get('/metrics')
      .set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return res.text;
  };
  const sample = (text: string, series: string): number | undefined => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('needs METRICS_TOKEN or the admin token; legacy tokens never pass', async () => {
    expect((await request(gw.server).get('/metrics')).status).toBe(401);
    expect(
      (
        await request(gw.server)
          .get('/metrics')
          .set('Authorization', `Bearer ${mintToken(gw.keys)}`)
      ).status,
    ).toBe(401);
    expect(
      (await request(gw.server).get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}`))
        .status,
    ).toBe(200);
  });

  it('counts ingests by outcome and issuer, deliveries, Genesys calls, queue and breaker', async () => {
    const token = mintToken(gw.keys);
    await request(gw.server)
      .post('/ingest')
      .set('Authorization', `Bearer ${token}`)
      .set('Prefer', 'wait=5')
      .send(legacyEvent({ transaction_id: 'm-1' }));
    await request(gw.server)
      .post('/ingest')
      .set('Authorization', `Bearer ${token}`)
      .send(legacyEvent({ transaction_id: 'm-1' }));
    await request(gw.server)
      .post('/ingest')
      .set('Authorization', `Bearer ${token}`)
      .send({ transaction_id: 'bad' });
    await request(gw.server).post('/ingest').send(legacyEvent());
    gw.sandbox.outage = true;
    await request(gw.server)
      .post('/ingest')
      .set('Authorization', `Bearer ${token}`)
      .send(legacyEvent({ transaction_id: 'm-2' }));
    expect(await eventually(() => gw.sandbox.attempts.some((a) => a.status === 503))).toBe(true);

    const text = await scrape();
    expect(
      sample(text, 'gateway_ingest_requests_total{outcome="accepted",issuer="erp-test"}'),
    ).toBe(2);
    expect(
      sample(text, 'gateway_ingest_requests_total{outcome="replayed",issuer="erp-test"}'),
    ).toBe(1);
    expect(
      sample(text, 'gateway_ingest_requests_total{outcome="rejected",issuer="erp-test"}'),
    ).toBe(1);
    expect(
      sample(text, 'gateway_ingest_requests_total{outcome="rejected",issuer="unauthenticated"}'),
    ).toBe(1);
    expect(sample(text, 'gateway_ingest_duration_seconds_count{outcome="accepted"}')).toBe(2);
    expect(sample(text, 'gateway_delivery_events_total{outcome="delivered"}')).toBe(1);
    expect(sample(text, 'gateway_genesys_requests_total{status_class="2xx"}')).toBe(1);
    expect(
      sample(text, 'gateway_genesys_requests_total{status_class="5xx"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'gateway_genesys_request_duration_seconds_count')).toBeGreaterThanOrEqual(
      2,
    );
    expect(sample(text, 'gateway_queue_depth')).toBe(1);
    expect(sample(text, 'gateway_queue_oldest_age_seconds')).toBeGreaterThan(0);
    expect(sample(text, 'gateway_dead_letters')).toBe(0);
    expect(sample(text, 'gateway_breaker_state')).toBe(0);
    expect(sample(text, 'gateway_genesys_token_refreshes')).toBe(1);
    expect(sample(text, 'gateway_delivery_batch_size_count')).toBeGreaterThanOrEqual(2);
    expect(text).toContain('gateway_process_resident_memory_bytes');
  });

  it('is disabled (403) when neither METRICS_TOKEN nor ADMIN_TOKEN is set', async () => {
    const bare = await startGateway({ env: { ADMIN_TOKEN: '' } });
    try {
      const res = await request(bare.server)
        .get('/metrics')
        .set('Authorization', 'Bearer anything-at-all-0123456789');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('METRICS_DISABLED');
    } finally {
      await bare.destroy();
    }
  });

  it('alert rules and the dashboard only use metrics the gateway exports', async () => {
    const exported = new Set(
      (await scrape())
        .split('\n')
        .filter((l) => l.startsWith('# TYPE '))
        .flatMap((l) => {
          const name = l.split(' ')[2];
          return [name, `${name}_bucket`, `${name}_count`, `${name}_sum`];
        }),
    );
    const rules = parse(
      readFileSync(join(__dirname, '..', 'deploy', 'monitoring', 'alerts.yaml'), 'utf8'),
    ) as {
      groups: Array<{ rules: Array<{ expr: string }> }>;
    };
    const dashboard = JSON.parse(
      readFileSync(join(__dirname, '..', 'deploy', 'monitoring', 'grafana-dashboard.json'), 'utf8'),
    ) as {
      panels: Array<{ targets: Array<{ expr: string }> }>;
    };
    const expressions = [
      ...rules.groups.flatMap((g) => g.rules.map((r) => r.expr)),
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
    ];
    const used = expressions.flatMap((expr) => expr.match(/gateway_[a-z_]+/g) ?? []);

    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
  });
});
