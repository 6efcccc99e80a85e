import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError, SignedOut } from '../api';

/** The admin token goes to the gateway once, for a session cookie; the page never keeps it. */
export function SignInPage(props: { onSignedIn: () => void }): JSX.Element {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  return (
    <main class="sign-in">
      <h1>Gateway console</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          api
            .post('/console/session', { token })
            // The cookie is Secure away from localhost: over plain HTTP the browser drops it.
            .then(() => api.get('/console/session'))
            .then(
              () => {
                setToken('');
                props.onSignedIn();
              },
              (err: unknown) =>
                setError(
                  err instanceof SignedOut
                    ? 'The browser did not keep the session: open the console over HTTPS (or on localhost).'
                    : err instanceof ApiError
                      ? err.message
                      : 'The gateway did not answer.',
                ),
            );
        }}
      >
        <label>
          Admin token
          <input
            name="token"
            type="password"
            autocomplete="current-password"
            value={token}
            required
            onInput={(e) => setToken(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Sign in</button>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
