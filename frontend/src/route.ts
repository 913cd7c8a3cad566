import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';

/**
 * Where the console is: a page and its state (search, paging) in the URL's hash, e.g.
 * `#/users?search=ann&after=c1`, so that reload, a bookmark, a shared link and Back/Forward
 * return to the same view. React Router's hash router (main.tsx) owns the history; this file only
 * spells the console's URLs. The hash, not the path: the Go server serves the console at `/` and
 * knows no client routes.
 */
export interface Route {
  /** The path without its leading slash: `users`, `users/u1`. */
  page: string;
  params: URLSearchParams;
}

export type RouteParams = Record<string, string | string[] | null | undefined>;

/** `/page?a=1&b=x&b=y`, a router path; empty and null values are left out. */
export function pathFor(page: string, params: RouteParams = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const one of Array.isArray(v) ? v : [v]) if (one) q.append(k, one);
  }
  const s = q.toString();
  return `/${page}${s ? `?${s}` : ''}`;
}

/** The current route, following every navigation. */
export function useRoute(): Route {
  const { pathname, search } = useLocation();
  return useMemo(() => ({ page: pathname.replace(/^\//, ''), params: new URLSearchParams(search) }), [pathname, search]);
}

/**
 * go(page, params): to page with params. `replace` keeps Back from stepping through every
 * keystroke of a search. Going where the console already is adds no history entry. A click's
 * navigation renders at once (flushSync), not in a transition, once the router commits it; a
 * control whose value is in the URL shows the choice itself until then (useChosen). A replace
 * comes from typing settling (an effect), where flushSync may not run.
 */
export function useGo() {
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  return useCallback(
    (page: string, params: RouteParams = {}, { replace = false } = {}) => {
      const to = pathFor(page, params);
      if (to === pathname + search) return;
      void navigate(to, { replace, flushSync: !replace });
    },
    [navigate, pathname, search],
  );
}

/**
 * useChosen(current): the value a control shows. current comes from the URL, which the router
 * commits a few milliseconds after the click that changed it; choose(v) shows v at once, as the
 * browser's own radio or select would, until current changes (to v, or elsewhere: Back). A
 * controlled radio would otherwise snap back to its old value for those milliseconds (Playwright's
 * check() saw it unchecked).
 */
export function useChosen<T>(current: T): [T, (v: T) => void] {
  const [chosen, setChosen] = useState<{ v: T; over: T } | null>(null);
  useEffect(() => setChosen(null), [current]); // the URL moved on: it rules again
  const choose = useCallback((v: T) => setChosen({ v, over: current }), [current]);
  return [chosen && Object.is(chosen.over, current) ? chosen.v : current, choose];
}
