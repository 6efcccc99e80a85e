import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { GenesysTokenService } from '../genesys';
import { Outbox } from '../outbox';
import { MetricsRegistry } from '../common';

/** Gauges read from the store at scrape time: what is waiting, how old, how much is dead. */
@Injectable()
export class StoreMetricsCollector {
  constructor(
    @Inject(MetricsRegistry) registry: MetricsRegistry,
    @Inject(Outbox) outbox: Outbox,
    @Inject(GenesysTokenService) tokens: GenesysTokenService,
  ) {
    const registers = [registry];
    const stats = () => outbox.stats(Date.now());
    new Gauge({
      name: 'gateway_queue_depth',
      help: 'Events accepted and not yet delivered or dead (queued + delivering).',
      registers,
      async collect() {
        const s = await stats();
        this.set(s.queued + s.delivering);
      },
    });
    new Gauge({
      name: 'gateway_queue_oldest_age_seconds',
      help: 'Age of the oldest undelivered event (0 when none).',
      registers,
      async collect() {
        this.set(((await stats()).oldestQueuedAgeMs ?? 0) / 1000);
      },
    });
    new Gauge({
      name: 'gateway_dead_letters',
      help: 'Events in the dead-letter queue.',
      registers,
      async collect() {
        this.set((await stats()).dead);
      },
    });
    new Gauge({
      name: 'gateway_genesys_token_refreshes',
      help: 'OAuth tokens fetched from Genesys since start.',
      registers,
      collect() {
        this.set(tokens.refreshes);
      },
    });
  }
}
