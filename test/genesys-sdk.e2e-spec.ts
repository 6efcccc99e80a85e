import platformClient from 'purecloud-platform-client-v2';
import { GATEWAY_PATHS, GenesysSandbox } from '../src/sandbox/genesys-sandbox';
import { EXAMPLE_EVENT_TYPES } from '../src/sandbox/sandbox-configurations';

/**
 * A client nobody here wrote: Genesys' official JS SDK, pointed at the sandbox with setGateway.
 * Where the SDK and the sandbox disagree, the sandbox is wrong.
 */
interface SdkError {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: { readonly code?: string; readonly status?: number };
}

describe("Genesys' official JS SDK against the sandbox (e2e)", () => {
  let sandbox: GenesysSandbox;
  const client = platformClient.ApiClient.instance;
  const [erp] = EXAMPLE_EVENT_TYPES;

  const entity = (attributes: Record<string, unknown>, id = `sdk-${Math.random()}`) => ({
    id,
    dateCreated: '2026-11-28T08:15:00Z',
    identifiers: { externalIds: [{ value: 'C-1', externalSourceId: 'erp' }] },
    // The SDK types attribute values as objects; Journey takes scalars (genesys-api.md).
    attributes: attributes as Record<string, object>,
  });
  const failure = async (call: Promise<unknown>): Promise<SdkError> => {
    try {
      await call;
    } catch (error) {
      return error as SdkError;
    }
    throw new Error('the SDK call succeeded');
  };

  beforeAll(async () => {
    sandbox = await GenesysSandbox.start({
      clientId: 'sdk-client',
      clientSecret: 'sdk-secret',
      rateLimit: { limit: 12, windowMs: 60_000 },
    });
    const { hostname, port } = new URL(sandbox.gatewayUrl);
    client.setGateway({
      host: hostname,
      protocol: 'http',
      port: Number(port),
      path_params_login: GATEWAY_PATHS.login,
      path_params_api: GATEWAY_PATHS.api,
    });
    client.setReturnExtendedResponses(true);
  });
  afterAll(() => sandbox.stop());

  it('logs in with client credentials, and a wrong secret fails as Genesys fails', async () => {
    const wrong = await failure(client.loginClientCredentialsGrant('sdk-client', 'nope'));
    expect(wrong).toMatchObject({ status: 401 });
    const auth = (await client.loginClientCredentialsGrant('sdk-client', 'sdk-secret')) as {
      accessToken: string;
    };
    expect(auth.accessToken).toEqual(expect.any(String));
  });

  it('reads a configuration and its schema, and ingests entities with a partial failure', async () => {
    const journey = new platformClient.JourneyApi();
    const configuration = (await journey.getJourneyExternaleventsConfiguration(
      erp.configurationId,
    )) as unknown as { body: { schemaId: string; schemaActive: boolean } };
    expect(configuration.body).toMatchObject({ schemaId: erp.schemaId, schemaActive: true });
    const schema = (await journey.getJourneyExternaleventsSchema(erp.schemaId)) as unknown as {
      body: { jsonSchema: { required: string[]; properties: Record<string, unknown> } };
    };
    expect(schema.body.jsonSchema.required).toEqual(['orderNumber', 'total', 'currency']);

    const answer = (await journey.postJourneyExternaleventsConfigurationEvents(
      erp.configurationId,
      {
        body: {
          entities: [
            entity({ orderNumber: 'SO-1', total: 10, currency: 'EUR' }),
            entity({ orderNumber: 'SO-2', total: 'ten', currency: 'EUR' }),
          ],
        },
      },
    )) as unknown as {
      status: number;
      body: { unprocessedEntities: Array<Record<string, unknown>> };
    };
    expect(answer.status).toBe(200);
    expect(answer.body.unprocessedEntities).toEqual([
      expect.objectContaining({
        originalRequestIndex: 1,
        isRetryable: false,
        errorMessage: 'attribute total must be a number',
      }),
    ]);
  });

  it('gets 404 for an unknown configuration and 413 for an oversized request', async () => {
    const journey = new platformClient.JourneyApi();
    const unknown = await failure(
      journey.postJourneyExternaleventsConfigurationEvents('no-such-configuration', {
        body: { entities: [entity({})] },
      }),
    );
    expect(unknown).toMatchObject({ status: 404, body: { code: 'not.found', status: 404 } });
    const oversized = await failure(
      journey.postJourneyExternaleventsConfigurationEvents(erp.configurationId, {
        body: {
          entities: [entity({ orderNumber: 'x'.repeat(520_000), total: 1, currency: 'EUR' })],
        },
      }),
    );
    expect(oversized).toMatchObject({ status: 413, body: { code: 'request.entity.too.large' } });
  });

  it('gets 429 with Retry-After and the inin-ratelimit headers once the budget is spent', async () => {
    const journey = new platformClient.JourneyApi();
    let throttled: SdkError | undefined;
    for (let i = 0; i < 20 && !throttled; i++) {
      try {
        await journey.getJourneyExternaleventsConfiguration(erp.configurationId);
      } catch (error) {
        throttled = error as SdkError;
      }
    }
    expect(throttled).toMatchObject({
      status: 429,
      body: { code: 'too.many.requests.retry.after' },
    });
    expect(Number(throttled?.headers['retry-after'])).toBeGreaterThan(0);
    expect(throttled?.headers['inin-ratelimit-allowed']).toBe('12');
  });
});
