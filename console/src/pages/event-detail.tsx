import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError, type Attempt, type EventDetail } from '../api';
import { ErrorNote, JsonBlock, StateBadge, useLoad, when } from '../components';

function decision(a: Attempt): string {
  if (a.decision === 'retry') {
    const pause = a.pause ? ` (${a.pause})` : '';
    return `retry at ${when(a.retry_at)}${pause}`;
  }
  return a.decision;
}

function Timeline(props: { history: readonly Attempt[] }): JSX.Element {
  if (props.history.length === 0) {
    return <p>No attempt yet.</p>;
  }
  return (
    <ol class="timeline" aria-label="Attempts, oldest first">
      {props.history.map((a, i) => (
        <li key={`${a.at}-${i}`} class={`attempt decision-${a.decision}`}>
          <p class="attempt-head">
            <strong>{when(a.at)}</strong> · {a.status ?? 'no answer'} {a.code ?? ''} ·{' '}
            {a.duration_ms ?? '?'} ms · batch of {a.batch_size} ·{' '}
            <span class="decision">{decision(a)}</span>
          </p>
          {a.message && <p class="attempt-message">{a.message}</p>}
          <p>
            Correlation id: <code class="correlation">{a.correlation_id ?? '—'}</code>
          </p>
          {a.ambiguous && <p class="warn">Genesys may have taken this attempt all the same.</p>}
          {a.possible_duplicate && (
            <p class="warn">Re-sent after an ambiguous attempt: a possible duplicate.</p>
          )}
        </li>
      ))}
    </ol>
  );
}

/** One event: what arrived, what goes to Genesys, and every attempt. */
export function EventDetailPage(props: { id: string; onSignedOut: () => void }): JSX.Element {
  const path = `/admin/events/${encodeURIComponent(props.id)}`;
  const event = useLoad(() => api.get<EventDetail>(path), path, props.onSignedOut, 3_000);
  const [note, setNote] = useState<string | undefined>(undefined);
  const e = event.data;
  const replay = async (): Promise<void> => {
    try {
      await api.post(`/admin/dead-letters/${encodeURIComponent(props.id)}/replay`);
      setNote('Replayed: the event is queued again.');
      event.reload();
    } catch (error) {
      setNote(error instanceof ApiError ? error.message : 'The replay failed.');
    }
  };
  return (
    <section aria-labelledby="event-title">
      <h1 id="event-title">Event {props.id}</h1>
      <ErrorNote error={event.error} />
      {note && <p role="status">{note}</p>}
      {e && (
        <>
          <dl class="facts">
            <dt>State</dt>
            <dd>
              <StateBadge state={e.state} />
            </dd>
            <dt>Type</dt>
            <dd>{e.event_type}</dd>
            <dt>Issuer</dt>
            <dd>{e.issuer}</dd>
            <dt>References</dt>
            <dd>{e.refs.join(', ')}</dd>
            <dt>Accepted</dt>
            <dd>{when(e.created_at)}</dd>
            <dt>Destination</dt>
            <dd>
              {e.destination.target}
              {e.destination.route ? ` · ${e.destination.route}` : ''}
            </dd>
            <dt>Request id</dt>
            <dd>{e.request_id ?? '—'}</dd>
            {e.last_error && (
              <>
                <dt>Genesys error</dt>
                <dd class="genesys-error">
                  {e.last_error.status ?? 'no answer'} {e.last_error.code}: {e.last_error.message}
                </dd>
              </>
            )}
          </dl>
          {e.state === 'dead' && (
            <button type="button" onClick={() => void replay()}>
              Replay this event
            </button>
          )}
          <h2>Attempts</h2>
          <Timeline history={e.history} />
          <h2>Received body</h2>
          <JsonBlock value={e.received_body} label="Body as received" />
          <h2>Sent to Genesys</h2>
          <JsonBlock value={e.request_body} label="Entity sent to Genesys" />
        </>
      )}
    </section>
  );
}
