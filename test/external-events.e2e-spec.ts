import request from 'supertest';
import { GenesysTargetCheck } from '../src/genesys/target-check.service';
import { GenesysSandbox } from '../src/sandbox/genesys-sandbox';
import { mintToken } from './support/keys';
import {
  ADMIN_TOKEN,
  eventually,
  legacyEvent,
  startGateway,
  type TestGateway,
  TEST_SANDBOX,
} from './support/gateway';

const EXTERNAL = {
  GENESYS_TARGET: 'external-events',
  GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID: 'sandbox-configuration',
  GENESYS_EXTERNAL_SOURCE_ID: 'erp-orders',
  GENESYS_BATCH_MAX_EVENTS: '10',
  GENESYS_BATCH_LINGER_MS: '150',
};

const postAll = (gw: TestGateway, events: Array<Record<string, unknown>>) => {
  const token = mintToken(gw.keys);
  return Promise.all(
    events.map((e) =>
      request(gw.server).post('/ingest').set('Authorization', `Bearer ${token}`).send(e),
    ),
  );
};

describe('external-events target (e2e): the real Journey API, batched', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway({ env: EXTERNAL });
  });
  afterAll(() => gw.destroy());
  beforeEach(() => gw.sandbox.reset());

  it('posts entities in batches of at most GENESYS_BATCH_MAX_EVENTS, each event once, in the documented shape', async () => {
    const events = Array.from({ length: 25 }, (_, i) =>
      legacyEvent({ transaction_id: `batch-${i}` }),
    );
    const answers = await postAll(gw, events);
    expect(answers.every((a) => a.status === 202)).toBe(true);

    const received = gw.sandbox.externalEvents;
    expect(await eventually(() => received.entities.length === 25)).toBe(true);
    expect(Math.max(...received.batchSizes)).toBeLessThanOrEqual(10);
    expect(received.batchSizes.length).toBeLessThanOrEqual(6);
    expect(new Set(received.entities.map((e) => e.id)).size).toBe(25);

    const first = answers[0].body as { idempotency_key: string };
    const entity = received.entities.find((e) => e.id === first.idempotency_key);
    expect(entity).toMatchObject({
      configurationId: 'sandbox-configuration',
      dateCreated: '2026-11-28T08:15:00Z',
      externalIds: [{ value: 'batch-0', externalSourceId: 'erp-orders' }],
      attributes: {
        event_type: 'custom.legacy.order.created',
        transaction_id: 'batch-0',
        amount: 129.5,
        currency: 'EUR',
        original_type: 'order.created',
        source_system: 'legacy-ordering-platform',
        source_version: '2.1.0',
      },
    });
  });

  it('handles a partial failure per event: retryable rescheduled, permanent dead-lettered, the rest never resent', async () => {
    gw.sandbox.externalEvents.failEntity('tx-retry', {
      isRetryable: true,
      statusCode: 503,
      errorMessage: 'try later',
      times: 1,
    });
    gw.sandbox.externalEvents.failEntity('tx-perm', {
      isRetryable: false,
      statusCode: 400,
      errorMessage: 'amount does not match the schema',
    });
    const ids = ['tx-ok-1', 'tx-retry', 'tx-ok-2', 'tx-perm', 'tx-ok-3'];
    const answers = await postAll(
      gw,
      ids.map((id) => legacyEvent({ transaction_id: id })),
    );

    const received = gw.sandbox.externalEvents;
    expect(await eventually(() => received.entities.length === 4)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received.entities.map((e) => e.externalIds[0].value).sort()).toEqual([
      'tx-ok-1',
      'tx-ok-2',
      'tx-ok-3',
      'tx-retry',
    ]);
    expect(new Set(received.entities.map((e) => e.id)).size).toBe(4);

    const perm = answers[ids.indexOf('tx-perm')].body as { id: string };
    const status = await request(gw.server)
      .get(`/events/${perm.id}`)
      .set('Authorization', `Bearer ${mintToken(gw.keys)}`);
    expect(status.body).toMatchObject({
      state: 'dead',
      last_error: { status: 400, message: 'amount does not match the schema' },
    });
    const retried = answers[ids.indexOf('tx-retry')].body as { id: string };
    const retriedStatus = await request(gw.server)
      .get(`/events/${retried.id}`)
      .set('Authorization', `Bearer ${mintToken(gw.keys)}`);
    expect(retriedStatus.body).toMatchObject({ state: 'delivered', attempts: 2 });

    // Each event's history holds its own answer from the batch call, and the call's correlation id.
    const history = async (id: string) =>
      (
        await request(gw.server)
          .get(`/admin/events/${id}`)
          .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      ).body as { history: Array<Record<string, unknown>>; destination: unknown };
    const correlationIds = gw.sandbox.attempts.map((a) => a.correlationId);
    const retriedHistory = await history(retried.id);
    expect(retriedHistory.destination).toEqual({
      target: 'external-events',
      route: 'sandbox-configuration',
    });
    expect(retriedHistory.history).toEqual([
      expect.objectContaining({
        status: 503,
        code: 'entity.unprocessed',
        message: 'try later',
        decision: 'retry',
        batch_size: expect.any(Number),
      }),
      expect.objectContaining({ status: 200, decision: 'delivered' }),
    ]);
    expect(correlationIds).toContain(retriedHistory.history[0].correlation_id);
    expect((await history(perm.id)).history).toEqual([
      expect.objectContaining({
        status: 400,
        message: 'amount does not match the schema',
        decision: 'dead',
        correlation_id: expect.any(String),
      }),
    ]);
  });

  it('refreshes the token mid-stream after a 401 and loses nothing', async () => {
    await postAll(gw, [legacyEvent()]);
    expect(await eventually(() => gw.sandbox.externalEvents.entities.length === 1)).toBe(true);
    gw.sandbox.revokeTokens();
    const before = gw.sandbox.tokenRequests.length;
    await postAll(
      gw,
      Array.from({ length: 5 }, () => legacyEvent()),
    );

    expect(await eventually(() => gw.sandbox.externalEvents.entities.length === 6)).toBe(true);
    expect(gw.sandbox.tokenRequests.length - before).toBe(1);
    expect(gw.sandbox.attempts.some((a) => a.status === 401)).toBe(true);
  });

  it('reports calls, batch sizes and breaker state in /admin/stats', async () => {
    const stats = await request(gw.server)
      .get('/admin/stats')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`);

    expect(stats.body.delivery.breaker.state).toBe('closed');
    expect(stats.body.delivery.calls.delivered).toBeGreaterThan(0);
    expect(stats.body.delivery.batchSizes.le_10).toBeGreaterThan(0);
    expect(stats.body.genesys.requests).toBeGreaterThan(0);
    expect(stats.body.genesys.byStatusClass['2xx']).toBeGreaterThan(0);
  });

  it('check: logs in and proves each permission by calling the endpoint that needs it', async () => {
    const steps = await gw.app.get(GenesysTargetCheck).run({ probeEventsPermission: true });

    expect(steps).toEqual([
      { step: 'login', ok: true, detail: expect.stringContaining('Logged in') },
      {
        step: 'configuration',
        ok: true,
        detail:
          'External events configuration sandbox-configuration exists (journey:externalEventsConfiguration:view granted).',
      },
      {
        step: 'schema',
        ok: true,
        detail:
          'Its schema sandbox-schema can be read (journey:externalEventsSchema:view granted).',
      },
      {
        step: 'events',
        ok: true,
        detail: expect.stringContaining('journey:externalEventsEvent:add granted') as string,
      },
    ]);
    // The probe ingests nothing.
    expect(gw.sandbox.externalEvents.entities).toHaveLength(0);
    // The start-up check reads only: it never posts.
    const posts = gw.sandbox.attempts.filter((a) => a.method === 'POST').length;
    await gw.app.get(GenesysTargetCheck).run();
    expect(gw.sandbox.attempts.filter((a) => a.method === 'POST')).toHaveLength(posts);
  });

  it.each([
    'journey:externalEventsConfiguration:view',
    'journey:externalEventsSchema:view',
    'journey:externalEventsEvent:add',
  ])('check: names the missing permission %s', async (permission) => {
    gw.sandbox.deniedPermissions.add(permission);
    const steps = await gw.app.get(GenesysTargetCheck).run({ probeEventsPermission: true });
    const failed = steps.filter((s) => !s.ok);
    expect(failed).toEqual([
      {
        step: expect.any(String) as string,
        ok: false,
        detail: `The OAuth client's role lacks ${permission}: add it to the role.`,
      },
    ]);
  });

  it('start-up check: says when the configuration does not exist', async () => {
    const saved = gw.sandbox.externalEvents.configurations.get('sandbox-configuration')!;
    gw.sandbox.externalEvents.configurations.delete('sandbox-configuration');
    try {
      const steps = await gw.app.get(GenesysTargetCheck).run();
      expect(steps[1]).toMatchObject({
        ok: false,
        detail: expect.stringContaining('does not exist in this org'),
      });
    } finally {
      gw.sandbox.externalEvents.configurations.set('sandbox-configuration', saved);
    }
  });

  it('start-up check: names the missing permission', async () => {
    gw.sandbox.missingPermissions = true;
    const steps = await gw.app.get(GenesysTargetCheck).run();

    expect(steps[1]).toMatchObject({
      ok: false,
      detail: expect.stringContaining('journey:externalEventsConfiguration:view') as string,
    });
  });
});

describe('external-events target (e2e): re-sends after ambiguous failures are counted', () => {
  it('a call Genesys took but answered too late is sent again: the duplicate is counted', async () => {
    const gw = await startGateway({
      env: { ...EXTERNAL, GENESYS_REQUEST_TIMEOUT_MS: '300', GENESYS_BATCH_LINGER_MS: '0' },
    });
    try {
      // The sandbox takes the batch, but only after the gateway gave up waiting for the answer.
      gw.sandbox.script({ status: 200, delayMs: 900, method: 'POST' });
      const [answer] = await postAll(gw, [legacyEvent()]);
      const key = (answer.body as { idempotency_key: string }).idempotency_key;
      expect(
        await eventually(() => gw.sandbox.externalEvents.duplicates.includes(key), 15_000),
      ).toBe(true);
      // A 503 is ambiguous too, though this one took nothing: the count is an upper bound.
      gw.sandbox.script({ status: 503, method: 'POST' });
      await postAll(gw, [legacyEvent()]);
      expect(await eventually(() => gw.sandbox.externalEvents.entities.length === 3)).toBe(true);
      const metrics = await request(gw.server)
        .get('/metrics')
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
      expect(metrics.text).toMatch(
        /^gateway_genesys_ambiguous_resends_total\{when="in_call"\} 2$/m,
      );
      expect(gw.sandbox.externalEvents.duplicates).toEqual([key]);
      // The event's history shows the attempt that timed out and the re-send that duplicated it.
      const detail = await request(gw.server)
        .get(`/admin/events/${(answer.body as { id: string }).id}`)
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
      expect(detail.body.history).toEqual([
        expect.objectContaining({ code: 'ECONNABORTED', ambiguous: true, decision: 'retry' }),
        expect.objectContaining({ status: 200, decision: 'delivered', possible_duplicate: true }),
      ]);
      expect(detail.body.history[0].duration_ms).toBeUndefined();
    } finally {
      await gw.destroy();
    }
  }, 30_000);
});

describe('external-events target (e2e): rate limits and the circuit breaker', () => {
  it('a 429 Retry-After pauses all delivery, not just the call that got it', async () => {
    const gw = await startGateway({
      env: { ...EXTERNAL, GENESYS_BATCH_MAX_EVENTS: '1', GENESYS_BATCH_LINGER_MS: '0' },
    });
    try {
      // POST only: the start-up check's GET must not take the 429 meant for an event post.
      gw.sandbox.script({ status: 429, retryAfter: '1', method: 'POST' });
      await postAll(gw, [legacyEvent()]);
      expect(await eventually(() => gw.sandbox.attempts.some((a) => a.status === 429))).toBe(true);
      await postAll(
        gw,
        Array.from({ length: 4 }, () => legacyEvent()),
      );

      expect(await eventually(() => gw.sandbox.externalEvents.entities.length === 5)).toBe(true);
      const [limited, ...rest] = gw.sandbox.attempts.filter((a) => a.method === 'POST');
      expect(limited.status).toBe(429);
      expect(rest).toHaveLength(5);
      expect(rest.every((a) => a.at - limited.at >= 950)).toBe(true);
    } finally {
      await gw.destroy();
    }
  });

  it("keeps under Genesys' own budget from the inin-ratelimit headers: no 429 at all", async () => {
    const sandbox = await GenesysSandbox.start({
      ...TEST_SANDBOX,
      rateLimit: { limit: 3, windowMs: 1500 },
    });
    const gw = await startGateway({
      sandbox,
      env: {
        ...EXTERNAL,
        GENESYS_BATCH_MAX_EVENTS: '1',
        GENESYS_BATCH_LINGER_MS: '0',
        DELIVERY_CONCURRENCY: '1',
      },
    });
    try {
      await postAll(
        gw,
        Array.from({ length: 7 }, () => legacyEvent()),
      );

      expect(await eventually(() => sandbox.externalEvents.entities.length === 7, 20_000)).toBe(
        true,
      );
      expect(sandbox.rateLimit?.rejected).toBe(0);
      expect(sandbox.attempts.every((a) => a.status === 200)).toBe(true);
    } finally {
      await gw.destroy();
      await sandbox.stop();
    }
  });

  it('opens the breaker on a failing Genesys (events stay queued), probes after the cooldown, closes on success', async () => {
    const gw = await startGateway({
      env: {
        ...EXTERNAL,
        GENESYS_BREAKER_FAILURES: '2',
        GENESYS_BREAKER_COOLDOWN_MS: '1500',
        GENESYS_RETRY_BUDGET_MS: '0',
      },
    });
    const stats = async () =>
      (await request(gw.server).get('/admin/stats').set('Authorization', `Bearer ${ADMIN_TOKEN}`))
        .body as {
        queued: number;
        delivery: { breaker: { state: string; opened: number } };
      };
    try {
      gw.sandbox.outage = true;
      await postAll(gw, [legacyEvent()]);
      expect(await eventually(async () => (await stats()).delivery.breaker.state === 'open')).toBe(
        true,
      );
      const attemptsWhenOpened = gw.sandbox.attempts.length;
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(gw.sandbox.attempts.length).toBe(attemptsWhenOpened);
      expect((await stats()).queued).toBe(1);

      gw.sandbox.outage = false;
      expect(await eventually(() => gw.sandbox.externalEvents.entities.length === 1, 10_000)).toBe(
        true,
      );
      expect(
        await eventually(async () => (await stats()).delivery.breaker.state === 'closed'),
      ).toBe(true);
      expect((await stats()).delivery.breaker.opened).toBe(1);
    } finally {
      await gw.destroy();
    }
  });
});
