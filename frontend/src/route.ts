import { useMemo, useSyncExternalStore } from 'react';

/**
 * Where the console is: a page and its state (search, paging) in the URL's hash, e.g.
 * `#/users?search=ann&after=c1`, so that reload, a bookmark and Back return to the same view.
 * The hash, not the path: the Go server serves the console at `/` and knows no client routes.
 */
export interface Route {
  page: string;
  params: URLSearchParams;
}

export type RouteParams = Record<string, string | string[] | null | undefined>;

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#\/?/, '');
  const q = h.indexOf('?');
  return { page: q < 0 ? h : h.slice(0, q), params: new URLSearchParams(q < 0 ? '' : h.slice(q + 1)) };
}

/** `#/page?a=1&b=x&b=y`; empty and null values are left out. */
export function hashFor(page: string, params: RouteParams = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const one of Array.isArray(v) ? v : [v]) if (one) q.append(k, one);
  }
  const s = q.toString();
  return `#/${page}${s ? `?${s}` : ''}`;
}

/**
 * Goes to page with params. `replace` keeps Back from stepping through every keystroke of a
 * search; history.replaceState fires no hashchange, so one is sent for the listeners.
 */
export function navigate(page: string, params: RouteParams = {}, { replace = false } = {}) {
  const hash = hashFor(page, params);
  if (hash === window.location.hash) return;
  if (!replace) {
    window.location.hash = hash;
    return;
  }
  window.history.replaceState(window.history.state, '', hash);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

function subscribe(onChange: () => void) {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The current route, following hash changes. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash, () => '');
  return useMemo(() => parseHash(hash), [hash]);
}
