import type { JSX } from 'preact';
import { api, type AuditEntry } from '../api';
import { ErrorNote, useLoad, when } from '../components';

/** Operator actions, newest first: sign-in, replay, cancel, erase. */
export function AuditPage(props: { onSignedOut: () => void }): JSX.Element {
  const audit = useLoad(
    () => api.get<{ items: AuditEntry[] }>('/admin/audit?limit=100'),
    'audit',
    props.onSignedOut,
    5_000,
  );
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit</h1>
      <ErrorNote error={audit.error} />
      {audit.data && (
        <table>
          <caption>Operator actions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.items.map((entry) => (
              <tr key={entry.id}>
                <td>{when(entry.at)}</td>
                <td>{entry.actor}</td>
                <td>{entry.action}</td>
                <td>
                  <code>{JSON.stringify(entry.detail)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
