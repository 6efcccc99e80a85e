import { Injectable } from '@nestjs/common';

/** Counters of every HTTP call to the Genesys platform API, fed by the retry interceptor. */
@Injectable()
export class GenesysMetrics {
  requests = 0;
  readonly byStatusClass: Record<'2xx' | '3xx' | '4xx' | '5xx' | 'network', number> = {
    '2xx': 0,
    '3xx': 0,
    '4xx': 0,
    '5xx': 0,
    network: 0,
  };
  rateLimited = 0;

  record(status: number | undefined): void {
    this.requests += 1;
    if (status === undefined) {
      this.byStatusClass.network += 1;
      return;
    }
    const key = `${Math.floor(status / 100)}xx` as keyof typeof this.byStatusClass;
    if (key in this.byStatusClass) {
      this.byStatusClass[key] += 1;
    }
    if (status === 429) {
      this.rateLimited += 1;
    }
  }
}
