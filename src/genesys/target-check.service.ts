import { HttpService } from '@nestjs/axios';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { isAxiosError } from 'axios';
import type { AppConfig, GenesysConfig } from '../config/app-config';
import { GenesysTokenError } from './genesys-failure';
import { GenesysTokenService } from './genesys-token.service';

export interface CheckStep {
  readonly step: 'login' | 'target';
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * Verifies the Genesys side: the client credentials log in, and the configured target exists and
 * is allowed. Each failure gets a message that says what to fix. Used at start-up (logged, never
 * fatal: events are still accepted and queued) and by `npm run check:genesys` (exit code).
 */
@Injectable()
export class GenesysTargetCheck {
  private readonly config: GenesysConfig;

  constructor(
    @Inject(GenesysTokenService) private readonly tokens: GenesysTokenService,
    @Inject(HttpService) private readonly http: HttpService,
    @Inject(ConfigService) config: ConfigService<AppConfig, true>,
  ) {
    this.config = config.get('genesys', { infer: true });
  }

  async run(): Promise<CheckStep[]> {
    try {
      await this.tokens.getToken();
    } catch (error) {
      return [{ step: 'login', ok: false, detail: loginProblem(error, this.config) }];
    }
    const login: CheckStep = {
      step: 'login',
      ok: true,
      detail: `Logged in at ${this.config.loginUrl}`,
    };
    return [login, await this.checkTarget()];
  }

  private async checkTarget(): Promise<CheckStep> {
    const target = this.config.externalEvents;
    if (this.config.target !== 'external-events' || !target) {
      return {
        step: 'target',
        ok: true,
        detail: `Target eventbridge (${this.config.apiUrl}${this.config.eventsPath}): the tutorial's endpoint, which only a proxy of your own serves; nothing to verify here. Real orgs use GENESYS_TARGET=external-events.`,
      };
    }
    const id = target.configurationId;
    try {
      await this.http.axiosRef.get(
        `${this.config.apiUrl}/api/v2/journey/externalevents/configurations/${encodeURIComponent(id)}`,
        {
          timeout: this.config.requestTimeoutMs,
          genesys: { budgetMs: 0 },
        },
      );
      return { step: 'target', ok: true, detail: `External events configuration ${id} exists.` };
    } catch (error) {
      const status = isAxiosError(error) ? error.response?.status : undefined;
      const detail =
        status === 403
          ? `The OAuth client's role lacks the Journey permissions: grant journey:externalEventsEvent:add (and journey:externalEventsConfiguration:view for this check).`
          : status === 404
            ? `External events configuration ${id} does not exist in this org: check GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID and GENESYS_REGION.`
            : `Could not verify configuration ${id}: ${status ? `Genesys answered ${status}` : 'Genesys unreachable'}.`;
      return { step: 'target', ok: false, detail };
    }
  }
}

function loginProblem(error: unknown, config: GenesysConfig): string {
  const failure = error instanceof GenesysTokenError ? error.failure : undefined;
  if (failure?.code === 'invalid_client') {
    return `Genesys refused the client credentials (invalid_client) at ${config.loginUrl}: check GENESYS_CLIENT_ID / GENESYS_CLIENT_SECRET, and that GENESYS_REGION is the org's region (another region answers invalid_client too).`;
  }
  return failure?.message ?? 'Genesys login failed.';
}
