/** The admin API, called with the session cookie (same origin; the token never reaches the page). */

export class SignedOut extends Error {}

export interface Problem {
  readonly code?: string;
  readonly detail?: string;
  readonly title?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') {
    // The gateway takes the session cookie for changes only with this header (CSRF guard).
    headers['X-Console-Request'] = '1';
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401 && path !== '/console/session') {
    throw new SignedOut();
  }
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as Problem;
    throw new ApiError(res.status, problem);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export const api = {
  get: <T>(path: string): Promise<T> => call<T>('GET', path),
  post: <T>(path: string, body?: unknown): Promise<T> => call<T>('POST', path, body ?? {}),
  del: <T>(path: string): Promise<T> => call<T>('DELETE', path),
};

/** Query string from the set values only. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export type EventState = 'queued' | 'delivering' | 'delivered' | 'dead';

export interface GenesysFailure {
  readonly code?: string;
  readonly status?: number;
  readonly message?: string;
  readonly correlationId?: string;
}

export interface EventSummary {
  readonly id: string;
  readonly state: EventState;
  readonly issuer: string;
  readonly idempotency_key: string;
  readonly event_type: string;
  readonly attempts: number;
  readonly created_at: string;
  readonly updated_at: string;
  readonly delivered_at?: string;
  readonly next_attempt_at?: string;
  readonly refs: readonly string[];
  readonly last_error?: GenesysFailure;
}

export interface Attempt {
  readonly at: string;
  readonly duration_ms?: number;
  readonly status?: number;
  readonly code?: string;
  readonly message?: string;
  readonly correlation_id?: string;
  readonly batch_size: number;
  readonly decision: 'delivered' | 'retry' | 'dead';
  readonly retry_at?: string;
  readonly pause?: string;
  readonly ambiguous?: boolean;
  readonly possible_duplicate?: boolean;
}

export interface EventDetail extends EventSummary {
  readonly request_id?: string;
  readonly destination: { readonly target: string; readonly route?: string };
  readonly request_body: unknown;
  readonly received_body: unknown;
  readonly history: readonly Attempt[];
}

export interface ReplicaStatus {
  readonly replica: string;
  readonly at: string;
  readonly breaker: string;
  readonly token: string;
  readonly genesys_calls_per_minute: number;
  readonly delivered_per_minute: number;
}

export interface Overview {
  readonly queued: number;
  readonly delivering: number;
  readonly delivered: number;
  readonly dead: number;
  readonly delivered_last_hour: number;
  readonly oldest_queued_age_ms: number | null;
  readonly delivered_per_minute: number;
  readonly budget: { readonly used_per_minute: number; readonly limit_per_minute: number };
  readonly accepted_per_minute: Readonly<Record<string, number>>;
  readonly replicas: readonly ReplicaStatus[];
}

export interface DeadLetterGroup {
  readonly error_code: string | null;
  readonly count: number;
  readonly samples: readonly EventSummary[];
}

export interface ReplayJob {
  readonly id: string;
  readonly state: 'running' | 'done' | 'cancelled' | 'failed' | 'interrupted';
  readonly total: number;
  readonly replayed: number;
  readonly waiting_for_live_events: boolean;
  readonly filter: { readonly event_type?: string; readonly error_code?: string };
}

export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly request_id?: string;
}

export interface ContractStatus {
  readonly contract: string;
  readonly configurationId: string;
  readonly status: string;
  readonly problems: readonly string[];
}
