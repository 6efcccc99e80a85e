import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import {
  api,
  ApiError,
  type DeadLetterGroup,
  type EventSummary,
  query,
  type ReplayJob,
} from '../api';
import { ErrorNote, RefSearch, useLoad } from '../components';
import { navigate } from '../router';
import { EventTable } from './events';

/** A bulk replay: the dry-run count to confirm, then the job's progress with a cancel. */
function BulkReplay(props: { errorCode: string; onSignedOut: () => void }): JSX.Element {
  const [count, setCount] = useState<number | undefined>(undefined);
  const [jobId, setJobId] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const job = useLoad(
    () => (jobId ? api.get<ReplayJob>(`/admin/replays/${jobId}`) : Promise.resolve(undefined)),
    jobId ?? 'none',
    props.onSignedOut,
    jobId ? 1_000 : undefined,
  );
  const guard = async (action: () => Promise<void>): Promise<void> => {
    try {
      setError(undefined);
      await action();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The gateway did not answer.');
    }
  };
  const filter = { error_code: props.errorCode };
  const j = job.data;
  return (
    <div class="bulk">
      {count === undefined && !jobId && (
        <button
          type="button"
          onClick={() =>
            void guard(async () => {
              const dry = await api.post<{ count: number }>('/admin/replays', {
                ...filter,
                dry_run: true,
              });
              setCount(dry.count);
            })
          }
        >
          Replay all {props.errorCode}…
        </button>
      )}
      {count !== undefined && !jobId && (
        <div role="alertdialog" aria-labelledby={`confirm-${props.errorCode}`} class="confirm">
          <p id={`confirm-${props.errorCode}`}>
            Replay {count} dead letter{count === 1 ? '' : 's'} with code {props.errorCode}? Live
            events keep going first.
          </p>
          <button
            type="button"
            onClick={() =>
              void guard(async () => {
                const started = await api.post<ReplayJob>('/admin/replays', filter);
                setJobId(started.id);
              })
            }
          >
            Replay {count}
          </button>{' '}
          <button type="button" onClick={() => setCount(undefined)}>
            Keep them
          </button>
        </div>
      )}
      {j && (
        <div role="status" class="progress">
          <progress max={Math.max(j.total, 1)} value={j.replayed} aria-label="Replay progress" />{' '}
          {j.replayed} of {j.total} replayed · {j.state}
          {j.waiting_for_live_events ? ' · waiting for live events' : ''}
          {j.state === 'running' && (
            <>
              {' '}
              <button
                type="button"
                onClick={() =>
                  void guard(async () => void (await api.post(`/admin/replays/${j.id}/cancel`)))
                }
              >
                Cancel
              </button>
            </>
          )}
        </div>
      )}
      <ErrorNote error={error ?? job.error} />
    </div>
  );
}

/** Dead letters grouped by Genesys' error code, a search by reference, and replay. */
export function DeadLettersPage(props: {
  search: URLSearchParams;
  onSignedOut: () => void;
}): JSX.Element {
  const ref = props.search.get('ref') ?? '';
  const groups = useLoad(
    () => api.get<{ total: number; groups: DeadLetterGroup[] }>('/admin/dead-letters/groups'),
    'groups',
    props.onSignedOut,
    5_000,
  );
  const found = useLoad(
    () =>
      ref
        ? api.get<{ items: EventSummary[] }>(`/admin/events${query({ ref, state: 'dead' })}`)
        : Promise.resolve(undefined),
    ref,
    props.onSignedOut,
  );
  return (
    <section aria-labelledby="dead-title">
      <h1 id="dead-title">Dead letters</h1>
      <RefSearch
        value={ref}
        button="Find"
        onSearch={(draft) => navigate(`/dead-letters${query({ ref: draft })}`)}
      />
      <ErrorNote error={groups.error ?? found.error} />
      {found.data &&
        (found.data.items.length === 0 ? (
          <p>No dead letter has reference {ref}.</p>
        ) : (
          <EventTable events={found.data.items} caption={`Dead letters with reference ${ref}`} />
        ))}
      {groups.data && (
        <>
          <p>{groups.data.total} dead letters.</p>
          {groups.data.groups.map((g) => (
            <article
              key={g.error_code ?? 'none'}
              class="group"
              aria-label={`Error ${g.error_code ?? 'none'}`}
            >
              <h2>
                {g.error_code ?? 'no code'} · {g.count}
              </h2>
              {g.samples.length > 0 && (
                <EventTable events={g.samples} caption={`Newest with ${g.error_code}`} />
              )}
              {g.error_code && (
                <BulkReplay errorCode={g.error_code} onSignedOut={props.onSignedOut} />
              )}
            </article>
          ))}
        </>
      )}
    </section>
  );
}
