import { HttpService } from '@nestjs/axios';
import axios from 'axios';
import { MetricsRegistry } from '../../src/common';
import type { GenesysConfig } from '../../src/config';
import type { CallLimiter } from '../../src/genesys/call-limiter';
import { GenesysApiClient } from '../../src/genesys/genesys-api.client';
import { GenesysMetrics } from '../../src/genesys/genesys-metrics';
import { GenesysTokenService } from '../../src/genesys/genesys-token.service';
import { RateLimiter } from '../../src/genesys/rate-limiter';
import { RetryInterceptor } from '../../src/genesys/retry.interceptor';
import type { GenesysSandbox } from '../../src/sandbox/genesys-sandbox';

/** The OAuth client the unit specs' sandboxes accept. */
export const UNIT_CLIENT = { clientId: 'unit-client', clientSecret: 'unit-secret' };

/**
 * The Genesys side of the app without Nest, pointed at a sandbox, for driver specs: a plain
 * axios-backed HttpService, the `genesys` slice, the token service, and `client()` to build the
 * API client (token, limiter, metrics, retry interceptor) with short retry delays.
 */
export function sandboxGenesys(sandbox: GenesysSandbox, overrides: Record<string, unknown> = {}) {
  const http = new HttpService(axios.create());
  // Only what the token service, the client and the publishers read; specs add the rest.
  const config = {
    loginUrl: sandbox.loginUrl,
    apiUrl: sandbox.url,
    ...UNIT_CLIENT,
    oauthScope: undefined,
    eventsPath: '/api/v2/eventbridge/events',
    requestTimeoutMs: 2_000,
    retryBudgetMs: 2_000,
    ...overrides,
  } as unknown as GenesysConfig;
  const tokens = new GenesysTokenService(http, config);
  const metrics = new GenesysMetrics(new MetricsRegistry());
  const client = (limiter: CallLimiter = new RateLimiter(100, 60_000)) =>
    new GenesysApiClient(
      http,
      tokens,
      limiter,
      metrics,
      new RetryInterceptor({ baseDelayMs: 10, maxDelayMs: 20 }),
      config,
    );
  return { http, config, tokens, metrics, client };
}
