import { useEffect, useState } from 'preact/hooks';

/** Paths under /console, routed in the browser (the gateway answers the page for all of them). */
export const BASE = '/console';

export function navigate(path: string): void {
  history.pushState(null, '', `${BASE}${path}`);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The current path below /console, e.g. `/events/123`, and its query. */
export function useRoute(): { path: string; search: URLSearchParams } {
  const read = (): { path: string; search: URLSearchParams } => ({
    path: location.pathname.slice(BASE.length) || '/',
    search: new URLSearchParams(location.search),
  });
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onPop = (): void => setRoute(read());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  return route;
}
