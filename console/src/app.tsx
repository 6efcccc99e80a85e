import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, SignedOut } from './api';
import { Link } from './components';
import { AuditPage } from './pages/audit';
import { ContractsPage } from './pages/contracts';
import { DeadLettersPage } from './pages/dead-letters';
import { EventDetailPage } from './pages/event-detail';
import { EventsPage } from './pages/events';
import { OverviewPage } from './pages/overview';
import { SignInPage } from './pages/sign-in';
import { useRoute } from './router';

const SECTIONS = [
  { to: '/', label: 'Overview' },
  { to: '/events', label: 'Events' },
  { to: '/dead-letters', label: 'Dead letters' },
  { to: '/audit', label: 'Audit' },
  { to: '/contracts', label: 'Contracts' },
] as const;

type Session = 'checking' | 'signed-in' | 'signed-out';

export function App(): JSX.Element {
  const [session, setSession] = useState<Session>('checking');
  const { path, search } = useRoute();
  useEffect(() => {
    api.get('/console/session').then(
      () => setSession('signed-in'),
      (e: unknown) => setSession(e instanceof SignedOut ? 'signed-out' : 'signed-in'),
    );
  }, []);
  const signedOut = (): void => setSession('signed-out');
  if (session === 'checking') {
    return <main aria-busy="true" />;
  }
  if (session === 'signed-out') {
    return <SignInPage onSignedIn={() => setSession('signed-in')} />;
  }
  const section = SECTIONS.find((s) => s.to !== '/' && path.startsWith(s.to)) ?? SECTIONS[0];
  return (
    <>
      <header>
        <p class="brand">Genesys event gateway</p>
        <nav aria-label="Console">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.to}>
                <Link to={s.to} current={s === section}>
                  {s.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <button
          type="button"
          class="sign-out"
          onClick={() => void api.del('/console/session').finally(signedOut)}
        >
          Sign out
        </button>
      </header>
      <main>{page(path, search, signedOut)}</main>
    </>
  );
}

function page(path: string, search: URLSearchParams, onSignedOut: () => void): JSX.Element {
  const event = /^\/events\/([^/]+)$/.exec(path);
  if (event) {
    return <EventDetailPage id={decodeURIComponent(event[1])} onSignedOut={onSignedOut} />;
  }
  if (path.startsWith('/events')) {
    return <EventsPage search={search} onSignedOut={onSignedOut} />;
  }
  if (path.startsWith('/dead-letters')) {
    return <DeadLettersPage search={search} onSignedOut={onSignedOut} />;
  }
  if (path.startsWith('/audit')) {
    return <AuditPage onSignedOut={onSignedOut} />;
  }
  if (path.startsWith('/contracts')) {
    return <ContractsPage onSignedOut={onSignedOut} />;
  }
  return <OverviewPage onSignedOut={onSignedOut} />;
}
