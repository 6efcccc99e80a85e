import type { JSX } from 'preact';
import { api, type Overview } from '../api';
import { ErrorNote, useLoad } from '../components';

function age(ms: number | null): string {
  if (ms === null) {
    return 'none queued';
  }
  return ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

function Figure(props: { label: string; value: string | number }): JSX.Element {
  return (
    <div class="figure">
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}

/** The gateway now, refreshed every two seconds, from the store and every live replica. */
export function OverviewPage(props: { onSignedOut: () => void }): JSX.Element {
  const overview = useLoad(
    () => api.get<Overview>('/admin/overview'),
    'overview',
    props.onSignedOut,
    2_000,
  );
  const o = overview.data;
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Overview</h1>
      <ErrorNote error={overview.error} />
      {o && (
        <>
          <dl class="figures">
            <Figure label="Queued" value={o.queued} />
            <Figure label="Delivering" value={o.delivering} />
            <Figure label="Delivered per minute" value={o.delivered_per_minute} />
            <Figure label="Dead" value={o.dead} />
            <Figure label="Oldest queued" value={age(o.oldest_queued_age_ms)} />
          </dl>
          <h2>Genesys budget</h2>
          <p>
            <meter
              min={0}
              max={o.budget.limit_per_minute}
              value={o.budget.used_per_minute}
              aria-label="Genesys calls in the last minute against the limit"
            />{' '}
            {o.budget.used_per_minute} of {o.budget.limit_per_minute} calls per minute
          </p>
          <h2>Replicas</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Replica</th>
                <th scope="col">Breaker</th>
                <th scope="col">Token</th>
                <th scope="col">Calls per minute</th>
                <th scope="col">Delivered per minute</th>
              </tr>
            </thead>
            <tbody>
              {o.replicas.map((r) => (
                <tr key={r.replica}>
                  <td>{r.replica}</td>
                  <td>
                    <span class={`badge breaker-${r.breaker}`}>{r.breaker}</span>
                  </td>
                  <td>{r.token}</td>
                  <td>{r.genesys_calls_per_minute}</td>
                  <td>{r.delivered_per_minute}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Accepted per issuer</h2>
          {Object.keys(o.accepted_per_minute).length === 0 ? (
            <p>No ingest requests in the last minute.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Issuer</th>
                  <th scope="col">Requests per minute</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(o.accepted_per_minute).map(([issuer, rate]) => (
                  <tr key={issuer}>
                    <td>{issuer}</td>
                    <td>{rate}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
