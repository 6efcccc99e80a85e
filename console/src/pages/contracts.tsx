import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError, type ContractStatus } from '../api';
import { ErrorNote, JsonBlock, useLoad } from '../components';

/** Each contract's destination status, and a preview: what an event would become, sending nothing. */
export function ContractsPage(props: { onSignedOut: () => void }): JSX.Element {
  const contracts = useLoad(
    () => api.get<{ mode: string; contracts: ContractStatus[] }>('/admin/contracts'),
    'contracts',
    props.onSignedOut,
  );
  const [issuer, setIssuer] = useState('');
  const [body, setBody] = useState('{\n}');
  const [preview, setPreview] = useState<unknown>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const run = async (): Promise<void> => {
    setError(undefined);
    try {
      setPreview(
        await api.post('/admin/contracts/preview', { issuer, body: JSON.parse(body) as unknown }),
      );
    } catch (e) {
      setPreview(undefined);
      setError(
        e instanceof ApiError
          ? e.message
          : e instanceof SyntaxError
            ? 'The body is not JSON.'
            : 'Failed.',
      );
    }
  };
  const c = contracts.data;
  return (
    <section aria-labelledby="contracts-title">
      <h1 id="contracts-title">Contracts</h1>
      <ErrorNote error={contracts.error} />
      {c && c.mode === 'built-in' && (
        <p>No CONTRACTS_FILE: the built-in tutorial contract applies.</p>
      )}
      {c && c.contracts.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Contract</th>
              <th scope="col">Configuration</th>
              <th scope="col">Destination</th>
              <th scope="col">Problems</th>
            </tr>
          </thead>
          <tbody>
            {c.contracts.map((k) => (
              <tr key={k.contract}>
                <td>{k.contract}</td>
                <td>{k.configurationId}</td>
                <td>
                  <span class={`badge status-${k.status}`}>{k.status}</span>
                </td>
                <td>{k.problems.join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {c && c.mode === 'contracts' && (
        <form
          class="preview"
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <h2>Preview</h2>
          <label>
            Issuer
            <input name="issuer" value={issuer} onInput={(e) => setIssuer(e.currentTarget.value)} />
          </label>
          <label>
            Event body (JSON)
            <textarea
              name="body"
              rows={8}
              value={body}
              onInput={(e) => setBody(e.currentTarget.value)}
            />
          </label>
          <button type="submit">Preview</button>
          <ErrorNote error={error} />
          {preview !== undefined && <JsonBlock value={preview} label="Preview result" />}
        </form>
      )}
    </section>
  );
}
