import type { Page } from 'playwright-core';
import request from 'supertest';
import { CONSOLE_CSP } from '../src/console/console-assets';
import {
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  type TestBrowser,
} from './support/browser';
import { ADMIN_TOKEN, legacyEvent, startGateway, type TestGateway } from './support/gateway';
import { contractFixture, ERP, sample } from './support/contracts';
import { mintToken } from './support/keys';

/**
 * The operator console in a real browser (Debian's Chromium through playwright-core) against the
 * real app and the sandbox: the operator's story, untrusted payloads, refusal and accessibility.
 */
describe('operator console (browser)', () => {
  let gw: TestGateway;
  let browser: TestBrowser;
  let page: Page;
  let base: string;

  const ingest = (body: object) =>
    request(gw.server)
      .post('/ingest')
      .set('Authorization', `Bearer ${mintToken(gw.keys)}`)
      .set('Prefer', 'wait=10')
      .send(body);

  const signIn = async (): Promise<void> => {
    await page.goto(`${base}/console`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Console' }).waitFor();
  };

  const open = async (section: string): Promise<void> => {
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: section })
      .click();
    await page.getByRole('heading', { level: 1, name: section }).waitFor();
  };

  beforeAll(async () => {
    gw = await startGateway();
    base = `http://127.0.0.1:${(gw.server.address() as { port: number }).port}`;
    browser = await launchBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await gw?.destroy();
  });

  beforeEach(() => {
    gw.sandbox.reset();
  });

  it("runs the operator's story: sign in, see a delivery, find a dead letter, read why, replay it", async () => {
    // 1. Sign in.
    await signIn();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();

    // 2. An event is delivered: find it by its transaction id, with its attempt and correlation id.
    const delivered = await ingest(legacyEvent({ transaction_id: 'SO-1234' }));
    expect(delivered.status).toBe(200);
    await open('Events');
    await page.getByLabel('Reference').fill('SO-1234');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: delivered.body.id }).click();
    await page.getByRole('heading', { name: `Event ${delivered.body.id}` }).waitFor();
    const attempts = page.getByRole('list', { name: 'Attempts, oldest first' });
    await attempts.getByText('delivered', { exact: true }).waitFor();
    const correlation = await attempts.locator('code.correlation').first().textContent();
    expect(correlation).toMatch(/^[0-9a-f-]{36}$/);
    // The id the sandbox sent back in ININ-Correlation-Id, as the store kept it.
    const detail = await request(gw.server)
      .get(`/admin/events/${delivered.body.id}`)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(detail.body.history.map((a: { correlation_id: string }) => a.correlation_id)).toEqual([
      correlation,
    ]);
    await screenshot(page, 'event-delivered');

    // 3. The sandbox rejects the next event for good; find it among the dead letters by its transaction id.
    gw.sandbox.script({ status: 400, code: 'bad.request', message: 'eventType is not registered' });
    const dead = await ingest(legacyEvent({ transaction_id: 'SO-5678' }));
    expect(dead.status).toBe(502);
    await open('Dead letters');
    await page.getByRole('article', { name: 'Error bad.request' }).waitFor();
    await page.getByLabel('Reference').fill('SO-5678');
    await page.getByRole('button', { name: 'Find' }).click();
    const found = page.getByRole('table', { name: 'Dead letters with reference SO-5678' });
    await found.getByRole('link', { name: dead.body.id }).waitFor();
    await screenshot(page, 'dead-letters');

    // 4. Read Genesys' error.
    await found.getByRole('link', { name: dead.body.id }).click();
    await page.getByText('400 bad.request: eventType is not registered').waitFor();
    await screenshot(page, 'event-dead');

    // 5. The sandbox is fixed (nothing scripted any more): replay, and see it delivered.
    await page.getByRole('button', { name: 'Replay this event' }).click();
    await page.getByRole('status').getByText('Replayed').waitFor();
    await page.locator('.facts .badge', { hasText: 'delivered' }).waitFor({ timeout: 20_000 });
    await page
      .getByRole('list', { name: 'Attempts, oldest first' })
      .getByText('delivered', { exact: true })
      .waitFor();

    // The overview and the audit log saw all of it.
    await open('Overview');
    await page.locator('dt', { hasText: 'Delivered per minute' }).waitFor();
    await page.locator('meter').waitFor();
    await screenshot(page, 'overview');
    await open('Audit');
    const audit = page.getByRole('table', { name: 'Operator actions, newest first' });
    await audit.getByRole('cell', { name: 'replay', exact: true }).waitFor();
    await audit.getByRole('cell', { name: 'sign-in', exact: true }).waitFor();
    await screenshot(page, 'audit');
  }, 120_000);

  it('replays a whole group after a dry-run count, showing progress to the end', async () => {
    for (let i = 0; i < 3; i++) {
      gw.sandbox.script({ status: 422, code: 'unprocessable.entity', message: `no customer ${i}` });
      expect((await ingest(legacyEvent())).status).toBe(502);
    }
    await page.goto(`${base}/console/dead-letters`);
    const group = page.getByRole('article', { name: 'Error unprocessable.entity' });
    await group.getByRole('button', { name: 'Replay all unprocessable.entity…' }).click();
    await group.getByText('Replay 3 dead letters with code unprocessable.entity?').waitFor();
    await group.getByRole('button', { name: 'Replay 3' }).click();
    await group.getByText('3 of 3 replayed · done').waitFor({ timeout: 20_000 });
    const jobs = await request(gw.server)
      .get('/admin/audit')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(jobs.body.items[0]).toMatchObject({
      action: 'replay-job',
      actor: expect.stringMatching(/^console:/),
      detail: { total: 3, filter: { error_code: 'unprocessable.entity' } },
    });
  }, 60_000);

  it('shows hostile payload values as text, and runs none of their script', async () => {
    // transaction_id takes no spaces; `/` separates attributes just as well in HTML.
    const img = '<img/src=x/onerror=alert(document.domain)>';
    const script = '<script>alert(document.domain)</script>';
    const res = await ingest(legacyEvent({ transaction_id: img }));
    const res2 = await ingest(legacyEvent({ transaction_id: script }));
    expect([res.status, res2.status]).toEqual([200, 200]);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    for (const [id, text] of [
      [res.body.id as string, img],
      [res2.body.id as string, script],
    ]) {
      await page.goto(`${base}/console/events/${id}`);
      await page.getByRole('heading', { name: `Event ${id}` }).waitFor();
      // The value shows literally, in the references and in the received body.
      await page.getByText(text, { exact: false }).first().waitFor();
      expect(await page.locator('pre[aria-label="Body as received"]').textContent()).toContain(
        text,
      );
      expect(await page.locator('main img, main script').count()).toBe(0);
      expect(await page.title()).toBe('Gateway console');
    }
    await page.goto(`${base}/console/events?ref=${encodeURIComponent(img)}`);
    await page.getByRole('link', { name: res.body.id }).waitFor();
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.title()).toBe('Gateway console');
    expect(dialogs).toEqual([]);
  }, 60_000);

  it('shows a contract event carrying <img src=x onerror=…> and <script> in its fields as text', async () => {
    // Contract bodies take free text (the built-in contract's fields take no spaces).
    const fixture = contractFixture();
    const other = await startGateway({ env: fixture.env });
    try {
      const img = '<img src=x onerror=alert(document.domain)>';
      const script = '<script>alert(document.domain)</script>';
      const order = sample('erp-order-created') as {
        header: Record<string, unknown>;
        order: Record<string, unknown>;
      };
      const body = {
        header: { ...order.header, system: img },
        order: { ...order.order, note: script },
      };
      const res = await request(other.server)
        .post('/ingest')
        .set('Authorization', `Bearer ${fixture.token(ERP)}`)
        .send(body);
      expect(res.status).toBe(202);
      const origin = `http://127.0.0.1:${(other.server.address() as { port: number }).port}`;
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      // Cookies ignore ports, and both gateways share the admin token: the session from the other
      // tests may well be valid here too. Sign in only when asked.
      await page.goto(`${origin}/console/events/${res.body.id}`);
      const token = page.getByLabel('Admin token');
      const heading = page.getByRole('heading', { name: `Event ${res.body.id}` });
      await token.or(heading).first().waitFor();
      if (await token.isVisible()) {
        await token.fill(ADMIN_TOKEN);
        await page.getByRole('button', { name: 'Sign in' }).click();
      }
      await page.getByRole('heading', { name: `Event ${res.body.id}` }).waitFor();
      const received = page.locator('pre[aria-label="Body as received"]');
      await received.getByText(img, { exact: false }).waitFor();
      expect(await received.textContent()).toContain(script);
      expect(await page.locator('main img, main script').count()).toBe(0);
      expect(await page.title()).toBe('Gateway console');
      await screenshot(page, 'event-hostile-payload');
      expect(dialogs).toEqual([]);
    } finally {
      // Off the other gateway's origin first: the browser keeps no connection to it while it closes.
      await page.goto('about:blank').catch(() => undefined);
      await other.destroy();
      fixture.remove();
    }
    // A second gateway with a contracts file starts and stops inside this test: room for that on a
    // loaded machine, as the accessibility test has.
  }, 90_000);

  it('has no serious or critical accessibility violation on any page', async () => {
    const event = await ingest(legacyEvent({ transaction_id: 'SO-A11Y' }));
    const pages = [
      '/',
      '/events?ref=SO-A11Y',
      `/events/${event.body.id}`,
      '/dead-letters',
      '/audit',
      '/contracts',
    ];
    const found: string[] = [];
    for (const path of pages) {
      await page.goto(`${base}/console${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      found.push(...(await seriousA11yViolations(page)).map((v) => `${path}: ${v}`));
    }
    await page.getByRole('heading', { name: 'Contracts' }).waitFor();
    await screenshot(page, 'contracts');
    await page.goto(`${base}/console/events`);
    await page.getByRole('table', { name: 'Newest events' }).waitFor();
    await screenshot(page, 'events');
    expect(found).toEqual([]);
  }, 90_000);

  it('serves the page under a strict CSP, and refuses the admin API without a session', async () => {
    const html = await request(gw.server).get('/console');
    expect(html.status).toBe(200);
    expect(html.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(html.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(html.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);

    // Signed out: the cookie is gone, and the API refuses what the page asks for.
    await page.goto(`${base}/console`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token').waitFor();
    const cookies = await browser.context.cookies(base);
    expect(cookies.filter((c) => c.name === 'gateway_console')).toEqual([]);
    const refused = await browser.context.request.get(`${base}/admin/events`);
    expect(refused.status()).toBe(401);
    expect((await refused.json()).code).toBe('ADMIN_UNAUTHORIZED');
    await page.goto(`${base}/console/events`);
    await page.getByLabel('Admin token').fill('not-the-admin-token-0123456789');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('The admin token is not right.').waitFor();
    await screenshot(page, 'sign-in');
    // The token was never kept in the page's storage.
    expect(await page.evaluate('JSON.stringify({ ...localStorage, ...sessionStorage })')).toBe(
      '{}',
    );
  }, 60_000);
});
