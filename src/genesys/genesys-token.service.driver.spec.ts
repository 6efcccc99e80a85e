import { GenesysSandbox, TUTORIAL_EVENTS_PATH } from '../sandbox/genesys-sandbox';
import { GenesysTokenError } from './genesys-failure';
import { GenesysTokenService } from './genesys-token.service';
import { sandboxGenesys, UNIT_CLIENT } from '../../test/support/genesys-unit';
import { movableClock } from '../../test/support/clock';

describe(GenesysTokenService.name, () => {
  let sandbox: GenesysSandbox;

  beforeEach(async () => {
    sandbox = await GenesysSandbox.start({
      ...UNIT_CLIENT,
      tokenLifetimeSec: 3600,
      eventsPath: TUTORIAL_EVENTS_PATH,
      rateLimit: false,
    });
  });
  afterEach(() => sandbox.stop());

  it('caches the token until shortly before it expires', async () => {
    const { tokens } = sandboxGenesys(sandbox);
    const first = await tokens.getToken();
    const second = await tokens.getToken();

    expect(second).toBe(first);
    expect(sandbox.tokenRequests).toHaveLength(1);
    expect(tokens.hasValidToken()).toBe(true);
    // 10 % of a one-hour lifetime is more than 60 s, so the refresh comes 60 s early.
    expect(tokens.hasValidToken(Date.now() + 3_540_000 + 1_000)).toBe(false);
  });

  it('fetches a new token once the cached one reaches its refresh point', async () => {
    sandbox.tokenLifetimeSec = 1;
    const { tokens } = sandboxGenesys(sandbox);
    const clock = movableClock();
    let second: string;
    let first: string;
    try {
      first = await tokens.getToken();
      clock.advance(950);
      second = await tokens.getToken();
    } finally {
      clock.restore();
    }

    expect(second).not.toBe(first);
    expect(sandbox.tokenRequests).toHaveLength(2);
  });

  it('lets one refresh run at a time: concurrent callers share it', async () => {
    const { tokens } = sandboxGenesys(sandbox);
    const results = await Promise.all(Array.from({ length: 25 }, () => tokens.getToken()));

    expect(new Set(results).size).toBe(1);
    expect(sandbox.tokenRequests).toHaveLength(1);
  });

  it('sends the client-credentials grant with Basic auth and no scope unless configured', async () => {
    await sandboxGenesys(sandbox).tokens.getToken();
    await sandboxGenesys(sandbox, { oauthScope: 'journey' }).tokens.getToken();

    expect(sandbox.tokenRequests.map((r) => r.body)).toEqual([
      'grant_type=client_credentials',
      'grant_type=client_credentials&scope=journey',
    ]);
  });

  it('reports refused credentials without leaking the secret', async () => {
    const { tokens } = sandboxGenesys(sandbox, { clientSecret: 'wrong-secret-value' });
    const error = await tokens.getToken().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GenesysTokenError);
    expect((error as GenesysTokenError).failure).toMatchObject({
      status: 401,
      code: 'invalid_client',
    });
    expect(JSON.stringify((error as GenesysTokenError).failure)).not.toContain(
      'wrong-secret-value',
    );
    expect((error as Error).message).toContain('GENESYS_REGION');
  });

  it('drops the token on a 401 from the API and refetches exactly once', async () => {
    const { tokens, client } = sandboxGenesys(sandbox);
    const api = client();
    const publish = () =>
      api.request({
        method: 'POST',
        url: `${sandbox.url}/api/v2/eventbridge/events`,
        data: { a: 1 },
      });
    await publish();
    sandbox.revokeTokens();
    const response = await publish();

    expect(response.status).toBe(202);
    expect(sandbox.tokenRequests).toHaveLength(2);
    expect(sandbox.attempts.map((a) => a.status)).toEqual([202, 401, 202]);
    expect(tokens.refreshes).toBe(2);
  });

  it('does not loop when Genesys keeps answering 401', async () => {
    const { tokens, client } = sandboxGenesys(sandbox);
    const api = client();
    // Revoke every token as soon as it is issued: each API call then sees 401.
    const original = tokens.getToken.bind(tokens);
    jest.spyOn(tokens, 'getToken').mockImplementation(async () => {
      const token = await original();
      sandbox.revokeTokens();
      return token;
    });
    const error = await api
      .request({ method: 'POST', url: `${sandbox.url}/api/v2/eventbridge/events`, data: {} })
      .catch((e: unknown) => e);

    expect((error as { response?: { status: number } }).response?.status).toBe(401);
    expect(sandbox.attempts).toHaveLength(2);
  });
});
