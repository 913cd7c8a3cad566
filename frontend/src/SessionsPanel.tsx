import { useEffect, useRef, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { SessionsQuery, LogoutSessionMutation, TerminateAllMutation } from './operations';
import type { SessionRowFragment } from './gql/graphql';
import { describeError } from './errors';
import { useMe } from './context';
import { useLiveSessions } from './useLiveSessions';
import { SessionsTable } from './SessionsTable';
import { ConfirmDialog } from './ConfirmDialog';
import { LoadError } from './LoadError';
import { Pager, SearchField, useDebounced } from './listControls';
import { useChosen, useGo, useRoute } from './route';
import { firstPage, pageCount, pageNumber, pageQuery, PAGE_SIZES, readView, viewParams, type SessionsView, type StatusFilter } from './sessionsView';

/** Whose sessions a panel lists: the whole account's, or one user's (their page). */
export interface SessionsScope {
  userId: string;
  userName: string;
}

type Pending =
  | { kind: 'logout'; session: SessionRowFragment }
  /** count: how many it will end, asked from the API when the dialog opened. */
  | { kind: 'end-all'; count: number };

/**
 * Sessions with filters, search, sort, page size and page in the URL (sessionsView.ts), Logout
 * and ending all (the account's, or one user's) with a confirmation that says how many, and live
 * updates from sessionEvents. path is the page the view lives on (its URL parameters).
 */
export function SessionsPanel({ path, scope }: { path: string; scope?: SessionsScope }) {
  const client = useClient();
  const me = useMe();
  const go = useGo();
  const view = readView(useRoute().params);
  const show = (v: SessionsView, replace = false) => go(path, viewParams(v), { replace });
  const [shownStatus, chooseStatus] = useChosen(view.status);
  const [shownSize, chooseSize] = useChosen(view.size);
  const userId = scope?.userId ?? null;
  const isSelf = userId === me.user.id;
  const [searchText, setSearchText] = useState(view.search);
  // Search as the admin types, without a request (or a history entry) per keystroke.
  const typed = useDebounced(searchText).trim();
  useEffect(() => {
    if (typed !== view.search.trim()) show(firstPage({ ...view, search: typed }), true);
  }, [typed]);
  // Back/Forward or a link may change the search under the box.
  useEffect(() => {
    if (view.search !== searchText.trim()) setSearchText(view.search);
  }, [view.search]);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [actionError, setActionError] = useState('');
  // After a dialog closes on a done action, focus goes to what it did (the row it acted on may
  // be gone): the status line, or the error.
  const statusRef = useRef<HTMLParagraphElement>(null);
  const [settled, setSettled] = useState(0);
  useEffect(() => {
    if (settled) statusRef.current?.focus();
  }, [settled]);

  // A page counted from the end needs the total first, to size the last page.
  const countVars = { ...pageQuery(view, 0, userId), first: 0, after: null };
  const [count] = useQuery({ query: SessionsQuery, variables: countVars, pause: !view.fromEnd });
  const counted = count.data?.sessions.totalCount;
  const [{ data, fetching, error }, refetch] = useQuery({
    query: SessionsQuery,
    variables: pageQuery(view, counted ?? 0, userId),
    pause: view.fromEnd && counted === undefined,
  });

  useLiveSessions(refetch, userId ?? undefined);

  const conn = data?.sessions;
  // Counted from the end, pages come in reversed order.
  const rows = (view.fromEnd ? conn?.nodes.slice().reverse() : conn?.nodes) ?? [];
  const total = conn?.totalCount ?? counted ?? 0;

  /** Asks the API how many active sessions ending all would end (the admin's own is kept). */
  async function askEndAll() {
    setMessage('');
    setActionError('');
    const r = await client
      .query(SessionsQuery, { filter: { status: 'ACTIVE', ...(userId ? { userId } : {}) }, first: 0 }, { requestPolicy: 'network-only' })
      .toPromise();
    if (!r.data) {
      setActionError(`Could not count the sessions: ${describeError(r.error)}`);
      return;
    }
    const keepsOwn = !userId || isSelf; // this admin's current session is among them, and is kept
    setPending({ kind: 'end-all', count: Math.max(0, r.data.sessions.totalCount - (keepsOwn ? 1 : 0)) });
  }

  async function runPending() {
    if (!pending) return;
    setBusy(true);
    setActionError('');
    let err;
    if (pending.kind === 'logout') {
      const r = await client.mutation(LogoutSessionMutation, { id: pending.session.id }).toPromise();
      err = r.error;
      if (!err) setMessage(`Logged out ${pending.session.user.name}'s session.`);
    } else {
      const input = userId ? { userId, keepCurrent: true } : { keepCurrent: true };
      const r = await client.mutation(TerminateAllMutation, { input }).toPromise();
      err = r.error;
      if (r.data) setMessage(`Ended ${plural(r.data.terminateAllSessions.terminatedCount, 'session')}.`);
    }
    setBusy(false);
    setPending(null);
    if (err) setActionError(describeError(err));
    setSettled((n) => n + 1);
    refetch({ requestPolicy: 'network-only' });
  }

  const page = pageNumber(view, total);
  const pages = pageCount(view, total);
  const from = rows.length ? (page - 1) * view.size + 1 : 0;
  const to = rows.length ? from + rows.length - 1 : 0;
  const hasNext = view.fromEnd ? view.before.length > 0 : !!conn?.pageInfo.hasNextPage;
  const failed = !!error && !conn;
  const emptyText = failed ? 'The sessions could not be loaded.' : !conn ? 'Loading sessions…' : 'No sessions match.';
  const endAllLabel = !scope ? 'Terminate all sessions' : isSelf ? 'End your other sessions' : "End all of this user's sessions";

  return (
    <section aria-labelledby="sessions-heading" className="card sessions-panel">
      <div className="section-head">
        <h3 id="sessions-heading">{scope ? `Sessions of ${scope.userName}` : 'User sessions'}</h3>
        <button type="button" className="danger" onClick={() => void askEndAll()}>
          {endAllLabel}
        </button>
      </div>
      <div className="filters">
        <fieldset className="segmented">
          <legend>Session Status</legend>
          {(['ACTIVE', 'TERMINATED', 'ALL'] as const).map((s: StatusFilter) => (
            <label key={s}>
              <input
                type="radio"
                name="status-filter"
                value={s}
                checked={shownStatus === s}
                onChange={() => {
                  chooseStatus(s);
                  show(firstPage({ ...view, status: s }));
                }}
              />
              {s === 'ACTIVE' ? 'Active' : s === 'TERMINATED' ? 'Terminated' : 'All'}
            </label>
          ))}
        </fieldset>
        <SearchField id="session-search" placeholder="Name, email, role, IP, city or device" value={searchText} onChange={setSearchText} />
        <div className="field">
          <label htmlFor="session-page-size">Rows per page</label>
          <select
            id="session-page-size"
            value={shownSize}
            onChange={(e) => {
              const size = Number(e.target.value);
              chooseSize(size);
              show(firstPage({ ...view, size }));
            }}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p role="status" className="status" ref={statusRef} tabIndex={-1}>
        {message}
      </p>
      {actionError && (
        <p role="alert" className="error">
          {actionError}
        </p>
      )}
      {failed && <LoadError what="the sessions" error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      <div id="sessions-table" tabIndex={-1}>
        <SessionsTable
          sessions={rows}
          caption={conn ? `Sessions ${from}–${to} of ${conn.totalCount}` : fetching ? 'Loading sessions…' : 'Sessions'}
          activeOnly={view.status === 'ACTIVE'}
          empty={emptyText}
          sort={{ column: view.sort, desc: view.desc }}
          onSort={(column, desc) => show(firstPage({ ...view, sort: column, desc }))}
          onLogout={(s) => setPending({ kind: 'logout', session: s })}
        />
      </div>
      <Pager
        label="Sessions pages"
        page={page}
        pages={conn ? pages : undefined}
        hasNext={hasNext}
        onFirst={() => show(firstPage(view))}
        onPrevious={() => {
          if (!view.fromEnd) return show({ ...view, after: view.after.slice(0, -1) });
          if (conn?.pageInfo.endCursor) show({ ...view, before: [...view.before, conn.pageInfo.endCursor] });
        }}
        onNext={() => {
          if (view.fromEnd) return show({ ...view, before: view.before.slice(0, -1) });
          if (conn?.pageInfo.endCursor) show({ ...view, after: [...view.after, conn.pageInfo.endCursor] });
        }}
        onLast={() => show({ ...firstPage(view), fromEnd: true })}
      />

      {pending?.kind === 'logout' && (
        <ConfirmDialog
          title="Log out this session?"
          onCancel={() => setPending(null)}
          busy={busy}
          actions={[{ label: 'Logout', kind: 'danger', onClick: () => void runPending() }]}
        >
          <p>
            {pending.session.user.name} will be signed out of {pending.session.device ?? 'this device'} ({pending.session.loginIp})
            at once and must sign in again there. Their other sessions stay active.
          </p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'end-all' && (
        <ConfirmDialog
          title={!scope ? 'Terminate all sessions?' : isSelf ? 'End your other sessions?' : `End all sessions of ${scope.userName}?`}
          onCancel={() => setPending(null)}
          busy={busy}
          actions={[{ label: !scope ? 'Terminate all sessions' : isSelf ? 'End your other sessions' : 'End all their sessions', kind: 'danger', onClick: () => void runPending() }]}
        >
          <p data-testid="end-all-count">
            {pending.count === 0
              ? 'No other session is active: nothing ends.'
              : `${capitalised(sessionCount(pending.count))} will end now`}
            {pending.count > 0 &&
              (!scope
                ? ', on every device of every user in this account, and everyone must sign in again.'
                : isSelf
                  ? ', on your other devices and browsers.'
                  : `, on every device of ${scope.userName}, who must sign in again.`)}
            {(!scope || isSelf) && ' Your own current session is kept.'}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** "1 session", "3 sessions". */
function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** "1 active session", "3 active sessions". */
export function sessionCount(n: number): string {
  return plural(n, 'active session');
}

function capitalised(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}
