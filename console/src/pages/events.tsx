import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, type EventSummary, query } from '../api';
import { ErrorNote, Link, RefSearch, StateBadge, useLoad, when } from '../components';
import { navigate } from '../router';

export function EventTable(props: {
  events: readonly EventSummary[];
  caption: string;
}): JSX.Element {
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">State</th>
          <th scope="col">Type</th>
          <th scope="col">References</th>
          <th scope="col">Issuer</th>
          <th scope="col">Accepted</th>
          <th scope="col">Last error</th>
        </tr>
      </thead>
      <tbody>
        {props.events.map((e) => (
          <tr key={e.id}>
            <td>
              <Link to={`/events/${encodeURIComponent(e.id)}`}>{e.id}</Link>
            </td>
            <td>
              <StateBadge state={e.state} />
            </td>
            <td>{e.event_type}</td>
            <td>{e.refs.join(', ')}</td>
            <td>{e.issuer}</td>
            <td>{when(e.created_at)}</td>
            <td>
              {e.last_error ? `${e.last_error.status ?? ''} ${e.last_error.code ?? ''}`.trim() : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Search by any reference (transaction id, order number, identity, key, event id) or filters. */
export function EventsPage(props: {
  search: URLSearchParams;
  onSignedOut: () => void;
}): JSX.Element {
  const ref = props.search.get('ref') ?? '';
  const state = props.search.get('state') ?? '';
  const [draftState, setDraftState] = useState(state);
  const path = `/admin/events${query({ ref, state, limit: 50 })}`;
  const events = useLoad(() => api.get<{ items: EventSummary[] }>(path), path, props.onSignedOut);
  return (
    <section aria-labelledby="events-title">
      <h1 id="events-title">Events</h1>
      <RefSearch
        value={ref}
        button="Search"
        onSearch={(draftRef) => navigate(`/events${query({ ref: draftRef, state: draftState })}`)}
      >
        <label>
          State
          <select
            name="state"
            value={draftState}
            onChange={(e) => setDraftState(e.currentTarget.value)}
          >
            <option value="">any</option>
            <option value="queued">queued</option>
            <option value="delivering">delivering</option>
            <option value="delivered">delivered</option>
            <option value="dead">dead</option>
          </select>
        </label>
      </RefSearch>
      <ErrorNote error={events.error} />
      {events.data &&
        (events.data.items.length === 0 ? (
          <p>No event matches.</p>
        ) : (
          <EventTable
            events={events.data.items}
            caption={ref ? `Events with reference ${ref}` : 'Newest events'}
          />
        ))}
    </section>
  );
}
