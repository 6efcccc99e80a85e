import request from 'supertest';
import { mintToken } from './support/keys';
import {
  ADMIN_TOKEN,
  eventually,
  legacyEvent,
  startGateway,
  startSandbox,
} from './support/gateway';

describe('health, admin and graceful shutdown (e2e)', () => {
  it('reports readiness from the store, not from Genesys: ready during a Genesys outage', async () => {
    const gw = await startGateway();
    try {
      gw.sandbox.outage = true;
      const ready = await request(gw.server).get('/health/ready');

      expect(ready.status).toBe(200);
      expect(ready.body.info.store).toMatchObject({ status: 'up', backlog: 0 });
      expect(ready.body.info.genesys).toMatchObject({ affectsReadiness: false });
      expect((await request(gw.server).get('/health/live')).body).toMatchObject({ status: 'ok' });
    } finally {
      await gw.destroy();
    }
  });

  it('answers 503 with Retry-After when the backlog bound is reached, never 202', async () => {
    const gw = await startGateway({ env: { OUTBOX_MAX_BACKLOG: '2' } });
    try {
      gw.sandbox.outage = true;
      const token = mintToken(gw.keys);
      const send = () =>
        request(gw.server)
          .post('/ingest')
          .set('Authorization', `Bearer ${token}`)
          .send(legacyEvent());
      expect((await send()).status).toBe(202);
      expect((await send()).status).toBe(202);
      const full = await send();

      expect(full.status).toBe(503);
      expect(full.body.code).toBe('BACKLOG_FULL');
      expect(Number(full.headers['retry-after'])).toBeGreaterThan(0);
      expect((await request(gw.server).get('/health/ready')).status).toBe(503);
    } finally {
      await gw.destroy();
    }
  });

  it('protects the admin API with ADMIN_TOKEN and reports stats', async () => {
    const gw = await startGateway();
    try {
      const token = mintToken(gw.keys);
      await request(gw.server)
        .post('/ingest')
        .set('Authorization', `Bearer ${token}`)
        .set('Prefer', 'wait=5')
        .send(legacyEvent());

      expect((await request(gw.server).get('/admin/stats')).status).toBe(401);
      expect(
        (
          await request(gw.server)
            .get('/admin/stats')
            .set('Authorization', 'Bearer wrong-admin-token-xxxxxxxxxxxxx')
        ).status,
      ).toBe(401);
      const stats = await request(gw.server)
        .get('/admin/stats')
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
      expect(stats.status).toBe(200);
      expect(stats.body).toMatchObject({
        queued: 0,
        delivering: 0,
        delivered: 1,
        dead: 0,
        deliveredLastHour: 1,
      });
      const badQuery = await request(gw.server)
        .get('/admin/dead-letters?limit=0')
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
      expect(badQuery.status).toBe(400);
      expect(badQuery.body.errors[0].field).toBe('limit');
    } finally {
      await gw.destroy();
    }
  });

  it('disables the admin API when no ADMIN_TOKEN is configured', async () => {
    const gw = await startGateway({ env: { ADMIN_TOKEN: '' } });
    try {
      const res = await request(gw.server)
        .get('/admin/stats')
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ADMIN_DISABLED');
      // The console is refused entirely: its page, its assets and its sign-in.
      const answers = await Promise.all([
        request(gw.server).get('/console'),
        request(gw.server).get('/console/events'),
        request(gw.server).get('/console/assets/index.js'),
        request(gw.server).post('/console/session').send({ token: ADMIN_TOKEN }),
      ]);
      for (const answer of answers) {
        expect([answer.status, answer.body.code]).toEqual([403, 'ADMIN_DISABLED']);
        expect(answer.headers['set-cookie']).toBeUndefined();
      }
    } finally {
      await gw.destroy();
    }
  });

  it('on shutdown: readiness and new ingests answer 503, the in-flight publish finishes, nothing is lost', async () => {
    const sandbox = await startSandbox();
    const gw = await startGateway({ sandbox, env: { SHUTDOWN_TIMEOUT_MS: '5000' } });
    const token = mintToken(gw.keys);
    sandbox.latencyMs = 1000;
    const accepted = await request(gw.server)
      .post('/ingest')
      .set('Authorization', `Bearer ${token}`)
      .send(legacyEvent());
    expect(accepted.status).toBe(202);
    expect(await eventually(() => sandbox.publishRequests === 1)).toBe(true);

    const closing = gw.close();
    const ready = await request(gw.server).get('/health/ready');
    const refused = await request(gw.server)
      .post('/ingest')
      .set('Authorization', `Bearer ${token}`)
      .send(legacyEvent());
    await closing;

    expect(ready.status).toBe(503);
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('SHUTTING_DOWN');
    expect(refused.headers['retry-after']).toBeDefined();
    expect(sandbox.events).toHaveLength(1);

    // The store was closed cleanly and knows the event was delivered.
    const reopened = await startGateway({ sandbox, dataDir: gw.dataDir, keys: gw.keys });
    try {
      const status = await request(reopened.server)
        .get(`/events/${accepted.body.id}`)
        .set('Authorization', `Bearer ${token}`);
      expect(status.body.state).toBe('delivered');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(sandbox.events).toHaveLength(1);
    } finally {
      await reopened.destroy();
      await sandbox.stop();
    }
  });
});
