import { GenesysApiClient } from './genesys-api.client';
import { Inject, Injectable } from '@nestjs/common';
import { isAxiosError } from 'axios';
import { GenesysConfig } from '../config';
import { GenesysTokenError } from './genesys-failure';
import { GenesysTokenService } from './genesys-token.service';

export interface CheckStep {
  readonly step: 'login' | 'target' | 'configuration' | 'schema' | 'events';
  readonly ok: boolean;
  readonly detail: string;
}

export interface CheckOptions {
  /** The configurations to verify; default: GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID. */
  readonly configurationIds?: readonly string[];
  /**
   * Also prove journey:externalEventsEvent:add, by posting an empty entity list (Genesys refuses it
   * with 400 after the permission check, 403 before it; nothing is ingested). The CLI does; the
   * start-up check does not post at every start.
   */
  readonly probeEventsPermission?: boolean;
}

type Outcome =
  { readonly status: number } | { readonly status: undefined; readonly reason: string };

/**
 * Verifies the Genesys side, one permission per step, each by calling the endpoint that needs it:
 * the client credentials log in; each configuration can be read (journey:externalEventsConfiguration:view)
 * with its schema (journey:externalEventsSchema:view); events may be added
 * (journey:externalEventsEvent:add). Each failure says what to fix. Used at start-up (logged,
 * never fatal: events are still accepted and queued) and by `npm run cli -- check` (exit code).
 */
@Injectable()
export class GenesysTargetCheck {
  private readonly config: GenesysConfig;

  constructor(
    @Inject(GenesysTokenService) private readonly tokens: GenesysTokenService,
    @Inject(GenesysApiClient) private readonly client: GenesysApiClient,
    @Inject(GenesysConfig) config: GenesysConfig,
  ) {
    this.config = config;
  }

  async run(options: CheckOptions = {}): Promise<CheckStep[]> {
    try {
      await this.tokens.getToken();
    } catch (error) {
      return [{ step: 'login', ok: false, detail: loginProblem(error, this.config) }];
    }
    const steps: CheckStep[] = [
      { step: 'login', ok: true, detail: `Logged in at ${this.config.loginUrl}` },
    ];
    if (this.config.target !== 'external-events') {
      steps.push({
        step: 'target',
        ok: true,
        detail: `Target eventbridge (${this.config.apiUrl}${this.config.eventsPath}): the tutorial's endpoint, which only a proxy of your own serves; nothing to verify here. Real orgs use GENESYS_TARGET=external-events.`,
      });
      return steps;
    }
    const global = this.config.externalEvents?.configurationId;
    const ids = options.configurationIds ?? (global ? [global] : []);
    for (const id of ids) {
      steps.push(...(await this.checkConfiguration(id)));
    }
    if (options.probeEventsPermission && ids.length > 0) {
      steps.push(await this.checkEventsPermission(ids[0]));
    }
    return steps;
  }

  private async checkConfiguration(id: string): Promise<CheckStep[]> {
    const read = await this.call<{ schemaId?: unknown }>(
      'GET',
      `configurations/${encodeURIComponent(id)}`,
    );
    if (read.status !== 200) {
      return [
        {
          step: 'configuration',
          ok: false,
          detail: problem(
            read,
            'journey:externalEventsConfiguration:view',
            () =>
              `External events configuration ${id} does not exist in this org: check its id (GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID or the contract's configurationId) and GENESYS_REGION.`,
          ),
        },
      ];
    }
    const schemaId = typeof read.body?.schemaId === 'string' ? read.body.schemaId : '';
    const configuration: CheckStep = {
      step: 'configuration',
      ok: true,
      detail: `External events configuration ${id} exists (journey:externalEventsConfiguration:view granted).`,
    };
    const schema = await this.call('GET', `schemas/${encodeURIComponent(schemaId)}`);
    return [
      configuration,
      schema.status === 200
        ? {
            step: 'schema',
            ok: true,
            detail: `Its schema ${schemaId} can be read (journey:externalEventsSchema:view granted).`,
          }
        : {
            step: 'schema',
            ok: false,
            detail: problem(
              schema,
              'journey:externalEventsSchema:view',
              () => `Configuration ${id} names schema ${schemaId}, which does not exist.`,
            ),
          },
    ];
  }

  private async checkEventsPermission(id: string): Promise<CheckStep> {
    const probe = await this.call('POST', `configurations/${encodeURIComponent(id)}/events`, {
      entities: [],
    });
    if (probe.status !== undefined && probe.status !== 403 && probe.status < 500) {
      return {
        step: 'events',
        ok: true,
        detail: `Events may be added to ${id} (journey:externalEventsEvent:add granted; the empty probe was answered ${probe.status}).`,
      };
    }
    return {
      step: 'events',
      ok: false,
      detail: problem(probe, 'journey:externalEventsEvent:add', () => ''),
    };
  }

  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    data?: unknown,
  ): Promise<Outcome & { readonly body?: T }> {
    try {
      const response = await this.client.request<T>(
        {
          method,
          url: `${this.config.apiUrl}/api/v2/journey/externalevents/${path}`,
          data,
          headers: data === undefined ? undefined : { 'Content-Type': 'application/json' },
        },
        { budgetMs: 0 },
      );
      return { status: response.status, body: response.data };
    } catch (error) {
      if (isAxiosError(error) && error.response) {
        return { status: error.response.status };
      }
      return { status: undefined, reason: error instanceof Error ? error.message : String(error) };
    }
  }
}

/** What a failed check step tells the operator to do. */
function problem(outcome: Outcome, permission: string, notFound: () => string): string {
  if (outcome.status === 403) {
    return `The OAuth client's role lacks ${permission}: add it to the role.`;
  }
  if (outcome.status === 404 && notFound()) {
    return notFound();
  }
  return outcome.status === undefined
    ? `Could not check ${permission}: Genesys unreachable (${outcome.reason}).`
    : `Could not check ${permission}: Genesys answered ${outcome.status}.`;
}

function loginProblem(error: unknown, config: GenesysConfig): string {
  const failure = error instanceof GenesysTokenError ? error.failure : undefined;
  if (failure?.code === 'invalid_client') {
    return `Genesys refused the client credentials (invalid_client) at ${config.loginUrl}: check GENESYS_CLIENT_ID / GENESYS_CLIENT_SECRET, and that GENESYS_REGION is the org's region (another region answers invalid_client too).`;
  }
  return failure?.message ?? 'Genesys login failed.';
}
