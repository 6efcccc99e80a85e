/**
 * One table is both the outbox and the idempotency ledger: the unique index on (issuer, dedupe_key)
 * (DEDUPE_INDEX) makes a second append of the same event find the first instead of creating a
 * duplicate. Times are epoch ms.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id              TEXT PRIMARY KEY,
  issuer          TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  dedupe_key      TEXT NOT NULL,
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
  history         TEXT,
  refs            TEXT,
  -- The body as received (REDACT_FIELDS replaced); NULL once erased or past its retention. In the
  -- row, not a table of its own: another table was one more page in every fsync'd commit.
  received_body   TEXT
);
CREATE INDEX IF NOT EXISTS events_due ON events (state, next_attempt_at);
CREATE INDEX IF NOT EXISTS events_delivered_at ON events (delivered_at) WHERE delivered_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_dead ON events (updated_at) WHERE state = 'dead';
-- Operator actions, append-only: the triggers refuse any change or deletion.
CREATE TABLE IF NOT EXISTS audit (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  at         INTEGER NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  detail     TEXT NOT NULL,
  request_id TEXT
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;

/**
 * Columns added after the first release, for files created before them. In such files dedupe_key
 * is NULL for the rows stored before it, and their UNIQUE (issuer, idempotency_key) stays.
 */
export const ADDED_COLUMNS = [
  { name: 'request_id', definition: 'request_id TEXT' },
  { name: 'dedupe_key', definition: 'dedupe_key TEXT' },
  { name: 'history', definition: 'history TEXT' },
  { name: 'refs', definition: 'refs TEXT' },
  { name: 'received_body', definition: 'received_body TEXT' },
] as const;

/** Created after ADDED_COLUMNS, so that files from before dedupe_key get it too. */
export const DEDUPE_INDEX =
  'CREATE UNIQUE INDEX IF NOT EXISTS events_dedupe ON events (issuer, dedupe_key)';

/** Every column but the received body: what claims and listings read (bodies only by id). */
export const EVENT_COLUMNS = `id, issuer, idempotency_key, dedupe_key, fingerprint, event_type, payload,
  state, attempts, created_at, updated_at, next_attempt_at, deliver_by, delivered_at, error_code,
  last_error, request_id, history, refs`;
