import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { GenesysConfig } from '../config';
import { CallLimiter } from './call-limiter';
import { RateLimiter } from './rate-limiter';

/** How long start-up waits for the shared limiter's Redis before going on without it. */
const REDIS_CONNECT_TIMEOUT_MS = 5_000;

/**
 * The rate limit every Genesys call waits on. Replicas on one Redis share one budget
 * (RedisRateLimiter, loaded only then); a lone replica keeps its own (RateLimiter). Chosen and
 * connected at module init, closed at shutdown, like the app's other connections.
 */
@Injectable()
export class GenesysRateLimit extends CallLimiter implements OnModuleInit, OnApplicationShutdown {
  private limiter: CallLimiter | undefined;

  constructor(@Inject(GenesysConfig) private readonly config: GenesysConfig) {
    super();
  }

  async onModuleInit(): Promise<void> {
    const { sharedBudget, rateLimitPerMinute, rateLimitWindowMs } = this.config;
    if (sharedBudget) {
      const { RedisRateLimiter } = await import('./redis-rate-limiter');
      const shared = new RedisRateLimiter(sharedBudget, rateLimitPerMinute, rateLimitWindowMs);
      await shared.connected(REDIS_CONNECT_TIMEOUT_MS);
      this.limiter = shared;
    } else {
      this.limiter = new RateLimiter(rateLimitPerMinute, rateLimitWindowMs);
    }
  }

  acquire(signal?: AbortSignal, beforeSend?: () => Promise<void>): Promise<void> {
    return this.started().acquire(signal, beforeSend);
  }

  pauseUntil(instant: number): void {
    this.started().pauseUntil(instant);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.limiter?.close?.();
  }

  private started(): CallLimiter {
    if (!this.limiter) {
      throw new Error('The Genesys rate limit is used before its module started.');
    }
    return this.limiter;
  }
}
