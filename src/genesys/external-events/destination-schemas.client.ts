import { GenesysApiClient } from '../genesys-api.client';
import { Inject, Injectable } from '@nestjs/common';
import { isAxiosError } from 'axios';
import { GenesysConfig } from '../../config';

/** What Genesys says about one external-events configuration and the schema bound to it. */
export type DestinationLookup =
  | {
      readonly kind: 'found';
      readonly schemaId: string;
      readonly schemaActive: boolean;
      /** The schema's `jsonSchema`, as Genesys sent it (untrusted JSON). */
      readonly jsonSchema: unknown;
    }
  /** Genesys answered that the configuration (or its schema) does not exist: a definite misfit. */
  | { readonly kind: 'missing'; readonly detail: string }
  /** No answer, or one that proves nothing (403, 5xx): try again later. */
  | { readonly kind: 'unknown'; readonly detail: string };

interface ConfigurationBody {
  readonly schemaId?: unknown;
  readonly schemaActive?: unknown;
}

/**
 * Reads `GET /api/v2/journey/externalevents/configurations/{id}` and
 * `GET /api/v2/journey/externalevents/schemas/{schemaId}`: the destination each contract must fit.
 * Calls go through the same token, rate limit and metrics as deliveries, without in-call retries
 * (the caller refreshes on a timer).
 */
@Injectable()
export class DestinationSchemaClient {
  private readonly config: GenesysConfig;

  constructor(
    @Inject(GenesysApiClient) private readonly client: GenesysApiClient,
    @Inject(GenesysConfig) config: GenesysConfig,
  ) {
    this.config = config;
  }

  async lookup(configurationId: string): Promise<DestinationLookup> {
    const base = `${this.config.apiUrl}/api/v2/journey/externalevents`;
    const configuration = await this.get<ConfigurationBody>(
      `${base}/configurations/${encodeURIComponent(configurationId)}`,
      `configuration ${configurationId}`,
    );
    if (configuration.kind !== 'ok') {
      return configuration;
    }
    const schemaId = configuration.body.schemaId;
    if (typeof schemaId !== 'string' || schemaId.length === 0) {
      return { kind: 'missing', detail: `configuration ${configurationId} names no schema` };
    }
    const schema = await this.get<{ jsonSchema?: unknown }>(
      `${base}/schemas/${encodeURIComponent(schemaId)}`,
      `schema ${schemaId} of configuration ${configurationId}`,
    );
    if (schema.kind !== 'ok') {
      return schema;
    }
    return {
      kind: 'found',
      schemaId,
      // Genesys reports schemaActive on the configuration; a schema it does not flag is active.
      schemaActive: configuration.body.schemaActive !== false,
      jsonSchema: schema.body.jsonSchema,
    };
  }

  private async get<T>(
    url: string,
    what: string,
  ): Promise<
    { readonly kind: 'ok'; readonly body: T } | Exclude<DestinationLookup, { kind: 'found' }>
  > {
    try {
      const response = await this.client.request<T>({ method: 'GET', url }, { budgetMs: 0 });
      return { kind: 'ok', body: response.data };
    } catch (error) {
      const status = isAxiosError(error) ? error.response?.status : undefined;
      if (status === 404) {
        return { kind: 'missing', detail: `Genesys has no ${what}` };
      }
      return {
        kind: 'unknown',
        detail:
          status === 403
            ? `reading ${what} is forbidden: grant the OAuth client's role journey:externalEventsConfiguration:view and journey:externalEventsSchema:view`
            : `could not read ${what} (${status ? `Genesys answered ${status}` : `Genesys unreachable: ${reason(error)}`})`,
      };
    }
  }
}

/** A network error's own words (connect ECONNREFUSED ..., timeout of 5000ms exceeded): no secrets. */
function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}
