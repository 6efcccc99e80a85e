import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram } from 'prom-client';
import { isLegacyPrincipal } from '../auth';
import { MetricsRegistry } from '../common';

/** accepted / replayed / rejected (4xx) / unavailable (5xx), per authenticated issuer. */
function outcomeOf(res: Response): string {
  if (res.statusCode < 300) {
    return res.getHeader('Idempotent-Replayed') === 'true' ? 'replayed' : 'accepted';
  }
  return res.statusCode < 500 ? 'rejected' : 'unavailable';
}

/** Counts and times every /ingest request when its answer is sent, whatever produced it. */
@Injectable()
export class IngestMetricsMiddleware implements NestMiddleware {
  private readonly requests: Counter<'outcome' | 'issuer'>;
  private readonly duration: Histogram<'outcome'>;

  constructor(@Inject(MetricsRegistry) registry: MetricsRegistry) {
    this.requests = new Counter({
      name: 'gateway_ingest_requests_total',
      help: 'Ingest requests by outcome and authenticated issuer ("unauthenticated" when none).',
      labelNames: ['outcome', 'issuer'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'gateway_ingest_duration_seconds',
      help: 'Time to answer an ingest request.',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
      registers: [registry],
    });
  }

  use(req: Request & { user?: unknown }, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const outcome = outcomeOf(res);
      // Issuers come from verified tokens only, so the label's cardinality is bounded by config.
      const issuer = isLegacyPrincipal(req.user) ? req.user.issuer : 'unauthenticated';
      this.requests.inc({ outcome, issuer });
      this.duration.observe({ outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  }
}
