import type Redis from 'ioredis';

/**
 * The idempotency ledger entry and the backlog index, written in one atomic step: of two replicas
 * appending the same key at once, exactly one creates the event. Returns the existing entry, or
 * nil when this call created it.
 *
 * KEYS[1] ledger entry, KEYS[2] backlog index (sorted set, score = accepted at)
 * ARGV[1] entry JSON, ARGV[2] retention ms, ARGV[3] event id, ARGV[4] accepted at
 */
const CLAIM_KEY = `
local existing = redis.call('GET', KEYS[1])
if existing then
  return existing
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
return false
`;

export interface LedgerEntry {
  readonly id: string;
  readonly fingerprint: string;
  readonly createdAt: number;
}

/** ledger key, backlog key, entry JSON, retention ms, event id, accepted at (see the script). */
type ClaimKeyArgs = [string, string, string, number, string, number];

export interface LedgerClient {
  gegClaimKey(...args: ClaimKeyArgs): Promise<string | null>;
}

/** The same command queued on a pipeline (its reply arrives with the pipeline's). */
export interface LedgerPipeline {
  gegClaimKey(...args: ClaimKeyArgs): unknown;
}

export function withLedgerScript(client: Redis): Redis & LedgerClient {
  client.defineCommand('gegClaimKey', { numberOfKeys: 2, lua: CLAIM_KEY });
  return client as Redis & LedgerClient;
}
