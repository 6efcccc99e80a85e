import { GenesysSandbox, TUTORIAL_EVENTS_PATH } from '../src/sandbox/genesys-sandbox';

/** The sandbox as a twin of Genesys: every rule a real org applies, over real HTTP. */
describe('the Genesys sandbox (e2e): fails where Genesys fails', () => {
  let sandbox: GenesysSandbox;
  let token: string;
  const client = { clientId: 'c', clientSecret: 's' };
  const events = '/api/v2/journey/externalevents/configurations/sandbox-configuration/events';

  const login = async (base: string) =>
    fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('c:s').toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${sandbox.url}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  const entity = (overrides: Record<string, unknown> = {}) => ({
    id: `e-${Math.random().toString(36).slice(2)}`,
    dateCreated: '2026-11-28T08:15:00Z',
    identifiers: { externalIds: [{ value: 'tx-1', externalSourceId: 'erp' }] },
    attributes: { transaction_id: 'tx-1', amount: 1 },
    ...overrides,
  });
  const ingest = async (entities: unknown[]) => {
    const res = await api(events, { method: 'POST', body: JSON.stringify({ entities }) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    sandbox = await GenesysSandbox.start({ ...client, rateLimit: false });
    token = ((await (await login(sandbox.loginUrl)).json()) as { access_token: string })
      .access_token;
  });
  afterAll(() => sandbox.stop());
  beforeEach(() => sandbox.reset());

  it('serves login and API on two origins, each refusing the other', async () => {
    expect(sandbox.loginUrl).not.toBe(sandbox.url);
    const onApi = await login(sandbox.url);
    expect(onApi.status).toBe(404);
    expect(await onApi.json()).toMatchObject({ status: 404, code: 'not.found' });
    const onLogin = await fetch(`${sandbox.loginUrl}${events}`, { method: 'POST' });
    expect(onLogin.status).toBe(404);
  });

  it("answers 404 for the tutorial's path unless that target was chosen", async () => {
    const res = await api(TUTORIAL_EVENTS_PATH, { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
    expect(res.headers.get('inin-correlation-id')).toBeTruthy();
    const tutorial = await GenesysSandbox.start({
      ...client,
      rateLimit: false,
      eventsPath: TUTORIAL_EVENTS_PATH,
    });
    try {
      const own = (await (await login(tutorial.loginUrl)).json()) as { access_token: string };
      const served = await fetch(`${tutorial.url}${TUTORIAL_EVENTS_PATH}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${own.access_token}`,
          'Content-Type': 'application/json',
        },
        body: '{}',
      });
      expect(served.status).toBe(202);
    } finally {
      await tutorial.stop();
    }
  });

  it('answers 413 and 415 ErrorBodies instead of cutting the connection', async () => {
    const big = await api(events, {
      method: 'POST',
      body: JSON.stringify({
        entities: [entity({ attributes: { transaction_id: 'x'.repeat(512_001) } })],
      }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ status: 413, code: 'request.entity.too.large' });
    const text = await api(events, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ entities: [entity()] }),
    });
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ status: 415, code: 'unsupported.media.type' });
  });

  it('refuses impossible dates, schema violations and over-full requests', async () => {
    const answer = await ingest([
      entity({ dateCreated: '2026-13-45T99:15:00Z' }),
      entity({ dateCreated: '2026-02-30T10:00:00Z' }),
      entity({ attributes: { amount: 'one' } }),
      entity({ attributes: { colour: 'red' } }),
      entity(),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.unprocessedEntities).toEqual([
      expect.objectContaining({ originalRequestIndex: 0, isRetryable: false, statusCode: 400 }),
      expect.objectContaining({ originalRequestIndex: 1, isRetryable: false }),
      expect.objectContaining({
        originalRequestIndex: 2,
        errorMessage: 'attribute amount must be a number',
      }),
      expect.objectContaining({
        originalRequestIndex: 3,
        errorMessage: 'attribute colour is not in the schema',
      }),
    ]);
    const erp =
      '/api/v2/journey/externalevents/configurations/6a3e2f10-0c1d-4f3b-9d7e-0e5a1b2c3d01/events';
    const required = await api(erp, {
      method: 'POST',
      body: JSON.stringify({
        entities: [
          entity({
            attributes: { orderNumber: 'SO-1', total: 1, currency: 'EUR', channel: 'fax' },
          }),
          entity({ attributes: { orderNumber: 'SO-2' } }),
        ],
      }),
    });
    const unprocessed = (
      (await required.json()) as { unprocessedEntities: Array<{ errorMessage: string }> }
    ).unprocessedEntities;
    expect(unprocessed.map((u) => u.errorMessage)).toEqual([
      'attribute channel must be one of web, store, phone',
      'attribute total is required',
    ]);
    const full = await ingest(Array.from({ length: 101 }, () => entity()));
    expect(full.status).toBe(400);
    expect(full.body).toMatchObject({
      status: 400,
      message: expect.stringContaining('at most 100') as string,
    });
  });

  it('counts duplicate entity ids and shows them', async () => {
    const twice = entity();
    await ingest([twice]);
    await ingest([twice, entity()]);
    const seen = (await (await fetch(`${sandbox.url}/__sandbox/events`)).json()) as {
      duplicates: { count: number; ids: string[] };
    };
    expect(seen.duplicates).toEqual({ count: 1, ids: [twice.id] });
  });

  it('fails entities by any attribute value, as scripted through the control route', async () => {
    await fetch(`${sandbox.url}/__sandbox/entity-faults`, {
      method: 'POST',
      body: JSON.stringify({
        value: 'EUR',
        isRetryable: false,
        statusCode: 400,
        errorMessage: 'no euros',
        times: 1,
      }),
    });
    const answer = await ingest([
      entity(),
      entity({ attributes: { currency: 'EUR' } }),
      entity({ attributes: { currency: 'EUR' } }),
    ]);
    expect(answer.body.unprocessedEntities).toEqual([
      expect.objectContaining({ originalRequestIndex: 1, errorMessage: 'no euros' }),
    ]);
  });

  it('answers a share of event posts late, having taken them (the ambiguous timeout)', async () => {
    sandbox.slowAnswers = { rate: 1, delayMs: 300 };
    try {
      const started = Date.now();
      const late = entity();
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), 100);
      await expect(
        api(events, {
          method: 'POST',
          body: JSON.stringify({ entities: [late] }),
          signal: abort.signal,
        }),
      ).rejects.toThrow();
      clearTimeout(timer);
      // The caller gave up; the sandbox still takes the entity once its delay is over.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(sandbox.externalEvents.entities.map((e) => e.id)).toEqual([late.id]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    } finally {
      sandbox.slowAnswers = undefined;
    }
  });

  it('enforces 300 calls a minute by default, with the inin-ratelimit headers', async () => {
    const limited = await GenesysSandbox.start(client);
    try {
      const own = (await (await login(limited.loginUrl)).json()) as { access_token: string };
      const call = () =>
        fetch(`${limited.url}/api/v2/journey/externalevents/configurations/sandbox-configuration`, {
          headers: { Authorization: `Bearer ${own.access_token}` },
        });
      const answers = [];
      for (let i = 0; i < 301; i++) {
        answers.push(await call());
      }
      expect(answers[0].headers.get('inin-ratelimit-allowed')).toBe('300');
      expect(answers[299].status).toBe(200);
      expect(answers[299].headers.get('inin-ratelimit-count')).toBe('300');
      expect(answers[300].status).toBe(429);
      expect(Number(answers[300].headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await answers[300].json()).toMatchObject({ code: 'too.many.requests.retry.after' });
    } finally {
      await limited.stop();
    }
  });
});
