import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, SignedOut } from './api';
import { BASE, navigate } from './router';

/** A link inside the console that routes without reloading the page. */
export function Link(props: {
  to: string;
  children: ComponentChildren;
  current?: boolean;
}): JSX.Element {
  return (
    <a
      href={`${BASE}${props.to}`}
      aria-current={props.current ? 'page' : undefined}
      onClick={(e) => {
        if (!e.ctrlKey && !e.metaKey && !e.shiftKey) {
          e.preventDefault();
          navigate(props.to);
        }
      }}
    >
      {props.children}
    </a>
  );
}

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly reload: () => void;
}

/**
 * Loads with `load` whenever `key` changes, and again every `everyMs` when given (live pages).
 * A 401 goes to `onSignedOut`; other failures show as text.
 */
export function useLoad<T>(
  load: () => Promise<T>,
  key: string,
  onSignedOut: () => void,
  everyMs?: number,
): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    loadRef.current().then(
      (value) => {
        if (live) {
          setData(value);
          setError(undefined);
        }
      },
      (e: unknown) => {
        if (!live) {
          return;
        }
        if (e instanceof SignedOut) {
          onSignedOut();
        } else {
          setError(e instanceof ApiError ? e.message : 'The gateway did not answer.');
        }
      },
    );
    const timer = everyMs ? setTimeout(() => setTick((t) => t + 1), everyMs) : undefined;
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, tick]);
  return { data, error, reload: () => setTick((t) => t + 1) };
}

export function ErrorNote(props: { error: string | undefined }): JSX.Element | null {
  return props.error ? (
    <p role="alert" class="error">
      {props.error}
    </p>
  ) : null;
}

/** Untrusted JSON (legacy payloads), always as text: never parsed as HTML. */
export function JsonBlock(props: { value: unknown; label: string }): JSX.Element {
  return (
    <pre class="json" aria-label={props.label} tabIndex={0}>
      {props.value === null || props.value === undefined
        ? 'Not kept (erased, past retention, or not stored).'
        : JSON.stringify(props.value, null, 2)}
    </pre>
  );
}

export function StateBadge(props: { state: string }): JSX.Element {
  return <span class={`badge state-${props.state}`}>{props.state}</span>;
}

export function when(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** The search by reference of the events and dead-letters pages; `children` adds more fields. */
export function RefSearch(props: {
  value: string;
  button: string;
  onSearch: (ref: string) => void;
  children?: ComponentChildren;
}): JSX.Element {
  const [draft, setDraft] = useState(props.value);
  return (
    <form
      role="search"
      class="search"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSearch(draft.trim());
      }}
    >
      <label>
        Reference
        <input
          name="ref"
          value={draft}
          placeholder="transaction id, order number, key or event id"
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
      </label>
      {props.children}
      <button type="submit">{props.button}</button>
    </form>
  );
}
