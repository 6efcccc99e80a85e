import request from 'supertest';
import { ContractRegistry } from '../src/contracts/contract-registry';
import { type GenesysSandbox } from '../src/sandbox/genesys-sandbox';
import { EXAMPLE_EVENT_TYPES } from '../src/sandbox/sandbox-configurations';
import {
  BILLING,
  contractFixture,
  ERP,
  sample,
  twoIssuerContracts,
  type ContractFixture,
} from './support/contracts';
import {
  ADMIN_TOKEN,
  eventually,
  startGateway,
  startSandbox,
  type TestGateway,
} from './support/gateway';

const [ERP_TYPE, BILLING_TYPE, TICKET_TYPE] = EXAMPLE_EVENT_TYPES;

interface IngestAnswer {
  readonly id: string;
  readonly idempotency_key: string;
}

describe('event contracts (e2e): two issuers, three event types, three configurations', () => {
  let sandbox: GenesysSandbox;
  let fixture: ContractFixture;
  let gw: TestGateway;

  const ingest = (issuer: string, body: unknown) =>
    request(gw.server)
      .post('/ingest')
      .set('Authorization', `Bearer ${fixture.token(issuer)}`)
      .send(body as object);
  const preview = (issuer: string, body: unknown) =>
    request(gw.server)
      .post('/admin/contracts/preview')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .send({ issuer, body });
  const backlogAndDelivered = async () => {
    const stats = await request(gw.server)
      .get('/admin/stats')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    const body = stats.body as { queued: number; delivering: number; delivered: number };
    return body.queued + body.delivering + body.delivered;
  };

  beforeAll(async () => {
    sandbox = await startSandbox();
    // Only an event can break this enum (a plain pointer): the ingest-time destination check.
    sandbox.externalEvents.define({
      ...ERP_TYPE,
      properties: { ...ERP_TYPE.properties, currency: { type: 'string', enum: ['EUR', 'USD'] } },
    });
    fixture = contractFixture();
    gw = await startGateway({ sandbox, env: fixture.env });
  });
  afterAll(async () => {
    await gw.destroy();
    await sandbox.stop();
    fixture.remove();
  });
  beforeEach(() => sandbox.reset());

  it('routes each event to its contract configuration, in the entity the preview shows', async () => {
    const sent = [
      [ERP, sample('erp-order-created'), ERP_TYPE],
      [BILLING, sample('billing-invoice-paid'), BILLING_TYPE],
      [BILLING, sample('ticketing-case-closed'), TICKET_TYPE],
    ] as const;
    for (const [issuer, body, type] of sent) {
      const shown = await preview(issuer, body);
      const answer = await ingest(issuer, body);
      expect(answer.status).toBe(202);
      const key = (answer.body as IngestAnswer).idempotency_key;
      expect(shown.body).toMatchObject({ ok: true, configurationId: type.configurationId });
      expect(
        await eventually(() => sandbox.externalEvents.entities.some((e) => e.id === key)),
      ).toBe(true);
      const received = sandbox.externalEvents.entities.find((e) => e.id === key);
      const entity = (shown.body as { entity: Record<string, unknown> }).entity;
      expect(received).toEqual({
        receivedAt: expect.any(Number) as number,
        configurationId: type.configurationId,
        id: entity.id,
        dateCreated: entity.dateCreated,
        externalIds: (entity.identifiers as { externalIds: unknown }).externalIds,
        attributes: entity.attributes,
      });
    }
    expect(
      sandbox.externalEvents.entities.find((e) => e.configurationId === ERP_TYPE.configurationId),
    ).toMatchObject({
      dateCreated: '2026-11-28T09:15:00Z',
      externalIds: [
        { value: 'C-000771', externalSourceId: 'erp-customer-id' },
        { value: 'ann.lee@example.com', externalSourceId: 'email' },
      ],
      attributes: {
        orderNumber: 'SO-1234',
        total: 129.5,
        currency: 'EUR',
        lineCount: 3,
        channel: 'web',
        status: 'new',
        express: true,
        promisedAt: '2026-12-03T17:00:00Z',
      },
    });
  });

  it('answers a resend of the same identity as a replay, and a changed event under it as a conflict', async () => {
    const body = { ...sample('billing-invoice-paid'), invoice_id: 'INV-777' };
    const first = await ingest(BILLING, body);
    const again = await ingest(BILLING, { ...body });
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((again.body as IngestAnswer).id).toBe((first.body as IngestAnswer).id);
    const changed = await ingest(BILLING, { ...body, amount: 1 });
    expect(changed.status).toBe(422);
    expect(changed.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('refuses a body that breaks its contract, naming every JSON pointer, and stores nothing', async () => {
    const before = await backlogAndDelivered();
    const answer = await ingest(ERP, sample('erp-order-invalid'));
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED', contract: 'erp-order-created' });
    expect(
      (answer.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field),
    ).toEqual(['/order/number', '/order/currency', '/order/status']);
    const unmappable = sample('erp-order-created');
    (unmappable.order as Record<string, unknown>).total = 'a lot';
    (unmappable.header as Record<string, unknown>).created_at = '2026-11-28T10:15:00';
    const mapped = await ingest(ERP, unmappable);
    expect(mapped.status).toBe(400);
    expect(
      (mapped.body as { errors: Array<{ field: string }> }).errors.map((e) => e.field),
    ).toEqual(['/header/created_at', '/order/total']);
    expect(await backlogAndDelivered()).toBe(before);
  });

  it('refuses an attribute the destination schema refuses, at ingest', async () => {
    const body = sample('erp-order-created');
    (body.order as Record<string, unknown>).number = 'SO-9';
    (body.order as Record<string, unknown>).currency = 'GBP';
    const answer = await ingest(ERP, body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [
        {
          field: 'attributes.currency',
          message: 'attributes.currency must be one of "EUR", "USD"',
        },
      ],
    });
  });

  it('answers 422 NO_MATCHING_CONTRACT when no contract of the issuer matches', async () => {
    const opened = { ...sample('ticketing-case-closed'), transition: 'opened' };
    const answer = await ingest(BILLING, opened);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      code: 'NO_MATCHING_CONTRACT',
      contracts: ['billing-invoice-paid', 'ticketing-case-closed'],
    });
    // ERP's contract is not billing's.
    expect((await ingest(BILLING, sample('erp-order-created'))).status).toBe(422);
  });

  it('takes batches and CloudEvents, item by item, and calls Genesys once per configuration', async () => {
    const token = fixture.token(BILLING);
    const invoices = Array.from({ length: 6 }, (_, i) => ({
      ...sample('billing-invoice-paid'),
      invoice_id: `INV-5${i}`,
    }));
    const cases = Array.from({ length: 4 }, (_, i) => ({
      ...sample('ticketing-case-closed'),
      case: { ...(sample('ticketing-case-closed').case as object), id: `CASE-B${i}` },
    }));
    const answer = await request(gw.server)
      .post('/ingest/batch')
      .set('Authorization', `Bearer ${token}`)
      .send([...invoices, { event: 'invoice.paid' }, ...cases]);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ accepted: 10, rejected: 1 });
    expect((answer.body as { results: Array<{ status: number }> }).results[6].status).toBe(400);
    const expected = [...invoices.map((i) => i.invoice_id), ...cases.map((c) => c.case.id)];
    const received = () =>
      new Set(
        sandbox.externalEvents.entities.map((e) =>
          JSON.stringify(e.attributes.invoiceNumber ?? e.attributes.caseNumber),
        ),
      );
    expect(await eventually(() => expected.every((id) => received().has(JSON.stringify(id))))).toBe(
      true,
    );
    const posts = sandbox.attempts.filter((a) => a.method === 'POST' && a.status === 200);
    const paths = new Set(posts.map((a) => a.path));
    expect(paths).toEqual(
      new Set(
        [BILLING_TYPE, TICKET_TYPE].map(
          (t) => `/api/v2/journey/externalevents/configurations/${t.configurationId}/events`,
        ),
      ),
    );

    const cloudEvent = await request(gw.server)
      .post('/ingest')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/cloudevents+json')
      .send({
        specversion: '1.0',
        id: 'ce-1',
        source: '//billing.example.com',
        type: 'com.example.billing.invoice.paid',
        time: '2026-11-28T10:15:00Z',
        data: { ...sample('billing-invoice-paid'), invoice_id: 'INV-9100' },
      });
    expect(cloudEvent.status).toBe(202);
    expect(
      await eventually(() =>
        sandbox.externalEvents.entities.some((e) => e.attributes.invoiceNumber === 'INV-9100'),
      ),
    ).toBe(true);

    // Operators find each by the legacy system's own reference: an identity value, a CloudEvent id.
    const find = (query: string) =>
      request(gw.server)
        .get(`/admin/events?${query}`)
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    const byInvoice = await find('ref=inv-52');
    expect(byInvoice.body.items).toEqual([
      expect.objectContaining({
        event_type: 'billing-invoice-paid',
        refs: expect.arrayContaining(['INV-52']),
      }),
    ]);
    const byCloudEventId = await find('ref=ce-1');
    expect(byCloudEventId.body.items).toEqual([
      expect.objectContaining({ refs: expect.arrayContaining(['ce-1', 'INV-9100']) }),
    ]);
    const byContract = await find('event_type=ticketing-case-closed&limit=100');
    expect(byContract.body.items.map((e: { refs: string[] }) => e.refs[1]).sort()).toEqual(
      expect.arrayContaining(cases.map((c) => c.case.id)),
    );
  });

  it('previews errors as the ingest answer would, storing and sending nothing', async () => {
    const before = await backlogAndDelivered();
    const shown = await preview(ERP, sample('erp-order-invalid'));
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      ok: false,
      status: 400,
      problem: { code: 'VALIDATION_FAILED', contract: 'erp-order-created' },
    });
    const unmatched = await preview(BILLING, { kind: 'nothing' });
    expect(unmatched.body).toMatchObject({ ok: false, status: 422 });
    expect(
      (await request(gw.server).post('/admin/contracts/preview').send({ issuer: ERP, body: {} }))
        .status,
    ).toBe(401);
    expect(await backlogAndDelivered()).toBe(before);
    expect(sandbox.externalEvents.entities).toHaveLength(0);
  });

  it('fails readiness and refuses a contract whose destination stops fitting, until it fits again', async () => {
    const registry = gw.app.get(ContractRegistry);
    sandbox.externalEvents.define({
      ...BILLING_TYPE,
      required: [...BILLING_TYPE.required, 'region'],
    });
    await registry.refreshDestinations();
    const ready = await request(gw.server).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(JSON.stringify(ready.body)).toContain(
      `contract billing-invoice-paid (configuration ${BILLING_TYPE.configurationId}): required attribute region is not mapped by the contract`,
    );
    const refused = await ingest(BILLING, {
      ...sample('billing-invoice-paid'),
      invoice_id: 'INV-9200',
    });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({
      code: 'CONTRACT_NOT_LIVE',
      contract: 'billing-invoice-paid',
    });
    expect((await ingest(ERP, { ...sample('erp-order-created') })).status).toBe(202);

    sandbox.externalEvents.define(BILLING_TYPE);
    await registry.refreshDestinations();
    expect((await request(gw.server).get('/health/ready')).status).toBe(200);
  });

  it('reloads a changed file; events stored before keep the entity they were mapped to', async () => {
    sandbox.outage = true;
    const before = { ...sample('billing-invoice-paid'), invoice_id: 'INV-9001', method: 'XX' };
    expect((await ingest(BILLING, before)).status).toBe(202);

    const changed = twoIssuerContracts();
    const genesys = changed.contracts[1].genesys as { attributes: Record<string, unknown> };
    genesys.attributes.method = { from: '/method', map: { XX: 'card' }, default: 'other' };
    fixture.write(changed);
    const after = { ...sample('billing-invoice-paid'), invoice_id: 'INV-9002', method: 'XX' };
    expect(
      await eventually(async () => {
        const shown = await preview(BILLING, after);
        const entity = (shown.body as { entity?: { attributes: Record<string, unknown> } }).entity;
        return entity?.attributes.method === 'card';
      }),
    ).toBe(true);
    expect((await ingest(BILLING, after)).status).toBe(202);
    sandbox.outage = false;
    const methodOf = (invoice: string) =>
      sandbox.externalEvents.entities.find((e) => e.attributes.invoiceNumber === invoice)
        ?.attributes.method;
    expect(
      await eventually(
        () => methodOf('INV-9001') !== undefined && methodOf('INV-9002') !== undefined,
      ),
    ).toBe(true);
    expect(methodOf('INV-9001')).toBe('other');
    expect(methodOf('INV-9002')).toBe('card');
  });

  it('keeps the contracts in force when a reloaded file is bad, says why, and sets a metric', async () => {
    const registry = gw.app.get(ContractRegistry);
    fixture.write({ contracts: [{ name: 'Broken Name' }] });
    expect(await registry.reload('test')).toBe(false);
    const metrics = await request(gw.server)
      .get('/metrics')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(metrics.text).toMatch(/^gateway_contracts_reload_failing 1$/m);
    expect(metrics.text).toMatch(/^gateway_contracts_reloads_total\{result="failed"\} [1-9]/m);
    const stillWorks = await ingest(ERP, { ...sample('erp-order-created') });
    expect(stillWorks.status).toBe(202);

    // SIGHUP reloads too: the good file is back in force and the metric clears.
    fixture.write(twoIssuerContracts());
    process.emit('SIGHUP', 'SIGHUP');
    expect(
      await eventually(async () => {
        const text = (
          await request(gw.server).get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        ).text;
        return /^gateway_contracts_reload_failing 0$/m.test(text);
      }),
    ).toBe(true);
  });

  it('lists each contract with its destination status', async () => {
    const listed = await request(gw.server)
      .get('/admin/contracts')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(listed.body).toEqual({
      mode: 'contracts',
      contracts: [
        {
          contract: 'erp-order-created',
          configurationId: ERP_TYPE.configurationId,
          status: 'live',
          problems: [],
        },
        {
          contract: 'billing-invoice-paid',
          configurationId: BILLING_TYPE.configurationId,
          status: 'live',
          problems: [],
        },
        {
          contract: 'ticketing-case-closed',
          configurationId: TICKET_TYPE.configurationId,
          status: 'live',
          problems: [],
        },
      ],
    });
  });
});

describe('event contracts (e2e): start-up', () => {
  let sandbox: GenesysSandbox;
  const fixtures: ContractFixture[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.stop();
    fixtures.forEach((f) => f.remove());
  });
  beforeEach(() => {
    sandbox.reset();
    EXAMPLE_EVENT_TYPES.forEach((type) => sandbox.externalEvents.define(type));
  });

  const withContracts = (contracts: unknown) => {
    const fixture = contractFixture(contracts);
    fixtures.push(fixture);
    return startGateway({ sandbox, env: fixture.env });
  };

  it('refuses to start with a bad file, naming each contract and key', async () => {
    const contracts = twoIssuerContracts();
    contracts.contracts[0].eventTime = 'created_at';
    (contracts.contracts[1].genesys as Record<string, unknown>).configurationId = 'not an id';
    await expect(withContracts(contracts)).rejects.toThrow(
      /contracts\[0\] \(erp-order-created\)\.eventTime: must be a JSON pointer[\s\S]*contracts\[1\] \(billing-invoice-paid\)\.genesys\.configurationId/,
    );
  });

  it('refuses to start when a contract cannot fit its destination, naming the contract and the attribute', async () => {
    sandbox.externalEvents.define({
      ...TICKET_TYPE,
      properties: { ...TICKET_TYPE.properties, priority: { type: 'string' } },
    });
    await expect(withContracts(twoIssuerContracts())).rejects.toThrow(
      'contract ticketing-case-closed (configuration 6a3e2f10-0c1d-4f3b-9d7e-0e5a1b2c3d03): attribute priority is integer but the destination schema wants string',
    );
    sandbox.externalEvents.define(TICKET_TYPE);
    sandbox.externalEvents.remove(ERP_TYPE.configurationId);
    await expect(withContracts(twoIssuerContracts())).rejects.toThrow(
      `contract erp-order-created (configuration ${ERP_TYPE.configurationId}): Genesys has no configuration ${ERP_TYPE.configurationId}`,
    );
    sandbox.externalEvents.define({ ...ERP_TYPE, schemaActive: false });
    await expect(withContracts(twoIssuerContracts())).rejects.toThrow('is not active in Genesys');
  });

  it('starts unverified while Genesys cannot be asked, accepting events, and verifies later', async () => {
    sandbox.outage = true;
    const gw = await withContracts(twoIssuerContracts());
    try {
      const registry = gw.app.get(ContractRegistry);
      expect(registry.statuses().map((s) => s.status)).toEqual([
        'unverified',
        'unverified',
        'unverified',
      ]);
      expect((await request(gw.server).get('/health/ready')).status).toBe(200);
      sandbox.outage = false;
      await registry.refreshDestinations();
      expect(registry.statuses().every((s) => s.status === 'live')).toBe(true);
    } finally {
      await gw.destroy();
    }
  });

  it('refuses contracts for an issuer the gateway does not authenticate', async () => {
    const contracts = twoIssuerContracts();
    contracts.contracts[0].issuers = ['https://stranger.example.com'];
    await expect(withContracts(contracts)).rejects.toThrow(
      'contracts (erp-order-created).issuers[0]: https://stranger.example.com is not an issuer of this gateway',
    );
  });

  it("refuses the issuer registry's eventTypes next to contracts: one place says who sends what", async () => {
    const fixture = contractFixture();
    fixtures.push(fixture);
    const { readFileSync, writeFileSync } = await import('node:fs');
    const issuersFile = fixture.env.LEGACY_ISSUERS_FILE;
    writeFileSync(
      issuersFile,
      readFileSync(issuersFile, 'utf8').replace('keys:', 'eventTypes: [order.*]\n    keys:'),
    );
    await expect(startGateway({ sandbox, env: fixture.env })).rejects.toThrow(
      /LEGACY_ISSUERS_FILE: https:\/\/erp\.example\.com sets eventTypes, which only apply to the built-in contract/,
    );
  });
});
