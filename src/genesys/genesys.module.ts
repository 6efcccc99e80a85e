import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { HttpModule, HttpService } from '@nestjs/axios';
import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { GenesysConfig } from '../config';
import { EventBridgePublisher } from './eventbridge.publisher';
import { EventPublisher } from './event-publisher';
import { ExternalEventsPublisher } from './external-events/external-events.publisher';
import { DestinationSchemaClient } from './external-events/destination-schemas.client';
import { GenesysMetrics } from './genesys-metrics';
import { GenesysTargetCheck } from './target-check.service';
import { GenesysTokenService } from './genesys-token.service';
import { CallLimiter } from './call-limiter';
import { GenesysApiClient } from './genesys-api.client';
import { GenesysRateLimit } from './genesys-rate-limit';
import { RetryInterceptor } from './retry.interceptor';

/** Keep-alive sockets: a TLS handshake per event would cost more than the event. */
const agentOptions = { keepAlive: true, maxSockets: 64 };

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
    GenesysApiClient,
    { provide: CallLimiter, useClass: GenesysRateLimit },
    {
      provide: RetryInterceptor,
      useFactory: () => new RetryInterceptor({ baseDelayMs: 250, maxDelayMs: 5_000 }),
    },
    {
      provide: EventPublisher,
      // One adapter per target; the worker only knows the port.
      useFactory: (client: GenesysApiClient, config: GenesysConfig) =>
        config.target === 'external-events'
          ? new ExternalEventsPublisher(client, config)
          : new EventBridgePublisher(client, config),
      inject: [GenesysApiClient, GenesysConfig],
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
export class GenesysModule implements OnApplicationShutdown {
  constructor(@Inject(HttpService) private readonly http: HttpService) {}

  /** Close idle keep-alive sockets so the process can exit promptly. */
  onApplicationShutdown(): void {
    const defaults = this.http.axiosRef.defaults as {
      httpAgent?: HttpAgent;
      httpsAgent?: HttpsAgent;
    };
    defaults.httpAgent?.destroy();
    defaults.httpsAgent?.destroy();
  }
}
