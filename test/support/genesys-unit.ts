import { HttpService } from '@nestjs/axios';
import axios from 'axios';
import type { GenesysConfig } from '../../src/config/app-config';
import { GenesysTokenService } from '../../src/genesys/genesys-token.service';
import type { GenesysSandbox } from '../../src/sandbox/genesys-sandbox';

/** The OAuth client the unit specs' sandboxes accept. */
export const UNIT_CLIENT = { clientId: 'unit-client', clientSecret: 'unit-secret' };

/**
 * A plain axios-backed HttpService, the `genesys` config pointed at the sandbox, and a token
 * service on them: the Genesys side of the app without Nest, for unit specs.
 */
export function sandboxGenesys(sandbox: GenesysSandbox, overrides: Record<string, unknown> = {}) {
  const http = new HttpService(axios.create());
  // Only what the token service and the publishers read; specs add the rest they need.
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
  return { http, config, tokens: new GenesysTokenService(http, config) };
}
