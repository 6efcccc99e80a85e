import { HttpService } from '@nestjs/axios';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { isAxiosError } from 'axios';
import { GenesysConfig } from '../config';
import { GenesysTokenError } from './genesys-failure';

interface CachedToken {
  readonly token: string;
  readonly refreshAt: number;
}

interface TokenResponse {
  readonly access_token?: unknown;
  readonly expires_in?: unknown;
}

/**
 * OAuth client-credentials tokens for the Genesys API: cached until shortly before `expires_in`,
 * one refresh at a time (concurrent callers share it), dropped on a 401 so the next call refetches.
 */
@Injectable()
export class GenesysTokenService {
  private readonly logger = new Logger(GenesysTokenService.name);
  private readonly config: GenesysConfig;
  private cached: CachedToken | undefined;
  private inflight: Promise<string> | undefined;
  private refreshCount = 0;

  constructor(
    @Inject(HttpService) private readonly http: HttpService,
    @Inject(GenesysConfig) config: GenesysConfig,
  ) {
    this.config = config;
  }

  get refreshes(): number {
    return this.refreshCount;
  }

  hasValidToken(now = Date.now()): boolean {
    return this.cached !== undefined && now < this.cached.refreshAt;
  }

  async getToken(): Promise<string> {
    if (this.cached && Date.now() < this.cached.refreshAt) {
      return this.cached.token;
    }
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Drops the cached token if it is the one Genesys just refused. */
  invalidate(token: string): void {
    if (this.cached?.token === token) {
      this.cached = undefined;
    }
  }

  private async fetchToken(): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    // Client-credentials clients have roles, not scopes: send one only when configured.
    if (this.config.oauthScope) {
      form.set('scope', this.config.oauthScope);
    }
    const startedAt = Date.now();
    try {
      const response = await this.http.axiosRef.post<TokenResponse>(
        `${this.config.loginUrl}/oauth/token`,
        form.toString(),
        {
          auth: { username: this.config.clientId, password: this.config.clientSecret },
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            Accept: 'application/json',
          },
          timeout: this.config.requestTimeoutMs,
        },
      );
      const { access_token: token, expires_in: expiresIn } = response.data;
      if (typeof token !== 'string' || typeof expiresIn !== 'number' || expiresIn <= 0) {
        throw new GenesysTokenError({
          code: 'token.malformed',
          message: 'The login service answered without a usable token.',
        });
      }
      const lifetimeMs = expiresIn * 1000;
      // Refresh a little early so a token never expires in flight: 10 % of its life, at most 60 s.
      this.cached = {
        token,
        refreshAt: startedAt + lifetimeMs - Math.min(60_000, lifetimeMs / 10),
      };
      this.refreshCount += 1;
      return token;
    } catch (error) {
      throw toTokenError(error, this.logger);
    }
  }
}

function toTokenError(error: unknown, logger: Logger): GenesysTokenError {
  if (error instanceof GenesysTokenError) {
    return error;
  }
  if (isAxiosError<{ error?: unknown; error_description?: unknown }>(error)) {
    const status = error.response?.status;
    const body = error.response?.data;
    const code = typeof body?.error === 'string' ? body.error : (error.code ?? 'login.failed');
    const description =
      typeof body?.error_description === 'string' ? `: ${body.error_description}` : '';
    const failure = {
      status,
      code,
      message: status
        ? `Genesys login refused the client credentials (${status} ${code}${description}); check GENESYS_REGION and the OAuth client.`
        : `Genesys login unreachable (${error.code ?? 'network error'}).`,
    };
    logger.warn(failure.message);
    return new GenesysTokenError(failure);
  }
  return new GenesysTokenError({ code: 'login.failed', message: 'Genesys login failed.' });
}
