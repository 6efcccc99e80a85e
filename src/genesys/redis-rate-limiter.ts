import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import type { RedisConfig } from '../config';
import { createRedisClient } from '../redis';
import { acquireOnTime, type CallLimiter } from './call-limiter';

/**
 * The same sliding-window reservation as RateLimiter, kept in Redis so that every replica draws
 * from one budget: the slot times of the last `limit` calls live in a sorted set, and the Retry-After
 * pause in one key. Times come from Redis' clock (TIME), so replicas with skewed clocks still agree.
 *
 * KEYS[1] slots, KEYS[2] pause-until, KEYS[3] sequence; ARGV[1] limit, ARGV[2] window + slack ms.
 * Returns the wait in ms before the reserved slot.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local slot = now
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > slot then slot = paused end
local count = redis.call('ZCARD', KEYS[1])
if count >= limit then
  local gate = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
  local open = tonumber(gate[2]) + window
  if open > slot then slot = open end
end
local seq = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[1], slot, slot .. ':' .. seq)
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(limit + 1))
redis.call('PEXPIRE', KEYS[1], slot - now + window * 2)
redis.call('PEXPIRE', KEYS[3], slot - now + window * 2)
return slot - now
`;

/** KEYS[1] pause-until; ARGV[1] pause ms from now (by Redis' clock). */
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then
  redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1]) + 1000)
end
return untilMs
`;

interface LimiterCommands {
  gegReserve(
    slots: string,
    pause: string,
    seq: string,
    limit: number,
    windowMs: number,
  ): Promise<number>;
  gegPause(pause: string, ms: number): Promise<number>;
}

export class RedisRateLimiter implements CallLimiter {
  private readonly logger = new Logger('RateLimiter');
  private readonly client: Redis & LimiterCommands;
  private readonly keys: { slots: string; pause: string; seq: string };

  constructor(
    config: RedisConfig,
    private readonly limit: number,
    private readonly windowMs = 60_000,
    /** As in RateLimiter: a call reserved at t reaches Genesys a little later. */
    private readonly slackMs = 1_000,
  ) {
    const client = createRedisClient(config, 'commands');
    client.defineCommand('gegReserve', { numberOfKeys: 3, lua: RESERVE });
    client.defineCommand('gegPause', { numberOfKeys: 1, lua: PAUSE });
    this.client = client as Redis & LimiterCommands;
    const base = `${config.keyPrefix}:genesys-rate`;
    this.keys = { slots: `${base}:slots`, pause: `${base}:pause`, seq: `${base}:seq` };
  }

  /**
   * Waits (bounded) for the connection, so the first calls at start-up (the contracts' destination
   * checks) are metered instead of failing on a client that is still connecting. Not connecting in
   * time is no error here: calls then fail as retryable until Redis answers.
   */
  async connected(timeoutMs: number): Promise<void> {
    if (this.client.status === 'ready') {
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.client.once('ready', () => resolve())),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Throws while Redis is unreachable: the call fails as retryable rather than going unmetered. */
  acquire(signal?: AbortSignal, beforeSend?: () => Promise<void>): Promise<void> {
    // The wait comes from Redis' clock; lateness is measured on ours, so skew does not matter.
    return acquireOnTime(
      () =>
        this.client.gegReserve(
          this.keys.slots,
          this.keys.pause,
          this.keys.seq,
          this.limit,
          this.windowMs + this.slackMs,
        ),
      this.slackMs / 2,
      signal,
      beforeSend,
    );
  }

  pauseUntil(instant: number): void {
    const ms = Math.max(0, Math.ceil(instant - Date.now()));
    this.client.gegPause(this.keys.pause, ms).catch((error: unknown) => {
      this.logger.warn(
        `Could not share a Retry-After pause: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  close(): Promise<void> {
    this.client.disconnect();
    return Promise.resolve();
  }
}
