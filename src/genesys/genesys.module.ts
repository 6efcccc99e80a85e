import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { HttpModule, HttpService } from '@nestjs/axios';
import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { GenesysConfig } from '../config';
import { EventBridgePublisher } from './eventbridge.publisher';
import { EventPublisher } from './event-publisher';
import { ExternalEventsPublisher } from './external-events/external-events.publisher';
import { DestinationSchemaClient } from './external-events/destination-schemas.client';
import { GenesysMetrics } from './genesys-metrics';
import { GenesysTargetCheck } from './target-check.service';
import { GenesysTokenService } from './genesys-token.service';
import type { CallLimiter } from './call-limiter';
import { RateLimiter } from './rate-limiter';
import { installRetryInterceptor } from './retry.interceptor';

/** Keep-alive sockets: a TLS handshake per event would cost more than the event. */
const agentOptions = { keepAlive: true, maxSockets: 64 };
/** How long start-up waits for the shared limiter's Redis before going on without it. */
const REDIS_CONNECT_TIMEOUT_MS = 5_000;

@Module({
  imports: [
    HttpModule.registerAsync({
      useFactory: () => ({
        httpAgent: new HttpAgent(agentOptions),
        httpsAgent: new HttpsAgent(agentOptions),
        maxRedirects: 0,
        // Genesys answers are small; refuse anything absurd instead of buffering it.
        maxContentLength: 1_048_576,
      }),
    }),
  ],
  providers: [
    GenesysTokenService,
    GenesysMetrics,
    GenesysTargetCheck,
    DestinationSchemaClient,
    {
      provide: EventPublisher,
      // One adapter per target; the worker only knows the port.
      useFactory: (http: HttpService, config: GenesysConfig) =>
        config.target === 'external-events'
          ? new ExternalEventsPublisher(http, config)
          : new EventBridgePublisher(http, config),
      inject: [HttpService, GenesysConfig],
    },
  ],
  exports: [
    GenesysTokenService,
    GenesysMetrics,
    GenesysTargetCheck,
    DestinationSchemaClient,
    EventPublisher,
  ],
})
export class GenesysModule implements OnModuleInit, OnApplicationShutdown {
  private limiter: CallLimiter | undefined;

  constructor(
    @Inject(HttpService) private readonly http: HttpService,
    @Inject(GenesysTokenService) private readonly tokens: GenesysTokenService,
    @Inject(GenesysMetrics) private readonly metrics: GenesysMetrics,
    @Inject(GenesysConfig) private readonly config: GenesysConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const genesys = this.config;
    // Replicas on one Redis share one budget toward Genesys; a lone replica keeps its own.
    if (genesys.sharedBudget) {
      const shared = new (await import('./redis-rate-limiter')).RedisRateLimiter(
        genesys.sharedBudget,
        genesys.rateLimitPerMinute,
        genesys.rateLimitWindowMs,
      );
      await shared.connected(REDIS_CONNECT_TIMEOUT_MS);
      this.limiter = shared;
    } else {
      this.limiter = new RateLimiter(genesys.rateLimitPerMinute, genesys.rateLimitWindowMs);
    }
    installRetryInterceptor(this.http.axiosRef, {
      getToken: () => this.tokens.getToken(),
      invalidateToken: (token) => this.tokens.invalidate(token),
      budgetMs: genesys.retryBudgetMs,
      limiter: this.limiter,
      onResponse: (status, durationMs) => this.metrics.record(status, durationMs),
      onAmbiguousResend: (events) => this.metrics.recordAmbiguousResend(events, 'in_call'),
      baseDelayMs: 250,
      maxDelayMs: 5_000,
    });
  }

  /** Close idle keep-alive sockets so the process can exit promptly. */
  async onApplicationShutdown(): Promise<void> {
    await this.limiter?.close?.();
    const defaults = this.http.axiosRef.defaults as {
      httpAgent?: HttpAgent;
      httpsAgent?: HttpsAgent;
    };
    defaults.httpAgent?.destroy();
    defaults.httpsAgent?.destroy();
  }
}
