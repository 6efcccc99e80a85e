/**
 * One table is both the outbox and the idempotency ledger: UNIQUE(issuer, idempotency_key) makes a
 * second append of the same key find the first instead of creating a duplicate. Times are epoch ms.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id              TEXT PRIMARY KEY,
  issuer          TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  fingerprint     TEXT NOT NULL,
  event_type      TEXT NOT NULL,
  payload         TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('queued', 'delivering', 'delivered', 'dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  deliver_by      INTEGER NOT NULL,
  delivered_at    INTEGER,
  error_code      TEXT,
  last_error      TEXT,
  request_id      TEXT,
  UNIQUE (issuer, idempotency_key)
);
CREATE INDEX IF NOT EXISTS events_due ON events (state, next_attempt_at);
CREATE INDEX IF NOT EXISTS events_delivered_at ON events (delivered_at) WHERE delivered_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_dead ON events (updated_at) WHERE state = 'dead';
`;

/** Columns added after the first release, for files created before them. */
export const ADDED_COLUMNS = [{ name: 'request_id', definition: 'request_id TEXT' }] as const;
