import type { Worker } from 'node:worker_threads';
import request from 'supertest';
import { Outbox } from '../src/outbox/outbox';
import { legacyEvent, startGateway } from './support/gateway';
import { mintToken } from './support/keys';

describe('the SQLite store thread (e2e)', () => {
  it('when it dies: ingest answers 503 STORE_UNAVAILABLE, readiness and liveness fail, so the pod restarts', async () => {
    const gw = await startGateway();
    try {
      expect((await request(gw.server).get('/health/live')).status).toBe(200);
      // Nothing else can kill the thread from outside; a native crash inside it would look the same.
      await (Reflect.get(gw.app.get(Outbox), 'worker') as Worker).terminate();

      const ingest = await request(gw.server)
        .post('/ingest')
        .set('Authorization', `Bearer ${mintToken(gw.keys)}`)
        .send(legacyEvent());
      expect(ingest.status).toBe(503);
      expect(ingest.body).toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect(ingest.headers['retry-after']).toBe('5');

      const live = await request(gw.server).get('/health/live');
      expect(live.status).toBe(503);
      expect(live.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(live.body).toMatchObject({
        code: 'NOT_LIVE',
        checks: { error: { store: { status: 'down', reason: 'store thread stopped' } } },
      });
      expect((await request(gw.server).get('/health/ready')).body).toMatchObject({
        code: 'NOT_READY',
      });
    } finally {
      await gw.destroy();
    }
  });
});
