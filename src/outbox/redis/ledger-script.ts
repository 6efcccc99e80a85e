import type Redis from 'ioredis';

/**
 * The idempotency ledger entry and the backlog index, written in one atomic step: of two replicas
 * appending the same key at once, exactly one creates the event. Returns the existing entry, or
 * nil when this call created it.
 *
 * A new event is also indexed for operators (GET /admin/events): in the time index, and under each
 * of its references (one set per lower-cased reference, expiring with the ledger entry).
 *
 * KEYS[1] ledger entry, KEYS[2] backlog index (sorted set, score = accepted at),
 * KEYS[3] time index (sorted set, score = accepted at)
 * ARGV[1] entry JSON, ARGV[2] retention ms, ARGV[3] event id, ARGV[4] accepted at,
 * ARGV[5] received body key ('' when bodies are not kept), ARGV[6] the body, ARGV[7] its retention ms,
 * ARGV[8] reference key prefix, ARGV[9...] the references, lower-cased
 */
const CLAIM_KEY = `
local existing = redis.call('GET', KEYS[1])
if existing then
  return existing
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
if ARGV[5] ~= '' then
  redis.call('SET', ARGV[5], ARGV[6], 'PX', ARGV[7])
end
for i = 9, #ARGV do
  local key = ARGV[8] .. ARGV[i]
  redis.call('SADD', key, ARGV[3])
  redis.call('PEXPIRE', key, ARGV[2])
end
return false
`;

export interface LedgerEntry {
  readonly id: string;
  readonly fingerprint: string;
  readonly createdAt: number;
}

/**
 * ledger key, backlog key, time index key, entry JSON, retention ms, event id, accepted at, body
 * key, body, body retention ms, reference key prefix, references (see the script).
 */
type ClaimKeyArgs = [
  string,
  string,
  string,
  string,
  number,
  string,
  number,
  string,
  string,
  number,
  string,
  ...string[],
];

export interface LedgerClient {
  gegClaimKey(...args: ClaimKeyArgs): Promise<string | null>;
}

/** The same command queued on a pipeline (its reply arrives with the pipeline's). */
export interface LedgerPipeline {
  gegClaimKey(...args: ClaimKeyArgs): unknown;
}

export function withLedgerScript(client: Redis): Redis & LedgerClient {
  client.defineCommand('gegClaimKey', { numberOfKeys: 3, lua: CLAIM_KEY });
  return client as Redis & LedgerClient;
}
