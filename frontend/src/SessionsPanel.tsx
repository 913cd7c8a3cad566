import { useEffect, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { SessionsQuery, LogoutSessionMutation, TerminateAllMutation } from './operations';
import type { SessionRowFragment } from './gql/graphql';
import { describeError } from './errors';
import { useLiveSessions } from './useLiveSessions';
import { SessionsTable } from './SessionsTable';
import { ConfirmDialog } from './ConfirmDialog';
import { Pager, SearchField, useDebounced } from './listControls';
import { navigate, useRoute } from './route';
import { firstPage, pageCount, pageNumber, pageQuery, PAGE_SIZES, readView, viewParams, type SessionsView, type StatusFilter } from './sessionsView';

type Pending =
  | { kind: 'logout'; session: SessionRowFragment }
  | { kind: 'terminate-user'; session: SessionRowFragment }
  | { kind: 'terminate-all' };

/** Shows v in the URL; replace keeps Back from stepping through every keystroke of a search. */
function show(v: SessionsView, replace = false) {
  navigate('session-management', viewParams(v), { replace });
}

/**
 * The admin's sessions: filters, search, sort, page size and page in the URL (sessionsView.ts),
 * Logout / Terminate all with confirmation, and live updates from sessionEvents.
 */
export function SessionsPanel() {
  const client = useClient();
  const view = readView(useRoute().params);
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

  // A page counted from the end needs the total first, to size the last page.
  const countVars = { ...pageQuery(view, 0), first: 0, after: null };
  const [count] = useQuery({ query: SessionsQuery, variables: countVars, pause: !view.fromEnd });
  const counted = count.data?.sessions.totalCount;
  const [{ data, fetching, error }, refetch] = useQuery({
    query: SessionsQuery,
    variables: pageQuery(view, counted ?? 0),
    pause: view.fromEnd && counted === undefined,
  });

  useLiveSessions(refetch);

  const conn = data?.sessions;
  // Counted from the end, pages come in reversed order.
  const rows = (view.fromEnd ? conn?.nodes.slice().reverse() : conn?.nodes) ?? [];
  const total = conn?.totalCount ?? counted ?? 0;

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
      const input = pending.kind === 'terminate-user' ? { userId: pending.session.user.id, keepCurrent: true } : { keepCurrent: true };
      const r = await client.mutation(TerminateAllMutation, { input }).toPromise();
      err = r.error;
      if (r.data) setMessage(`Ended ${r.data.terminateAllSessions.terminatedCount} session(s).`);
    }
    setBusy(false);
    setPending(null);
    if (err) setActionError(describeError(err));
    refetch({ requestPolicy: 'network-only' });
  }

  const page = pageNumber(view, total);
  const pages = pageCount(view, total);
  const from = rows.length ? (page - 1) * view.size + 1 : 0;
  const to = rows.length ? from + rows.length - 1 : 0;
  const hasNext = view.fromEnd ? view.before.length > 0 : !!conn?.pageInfo.hasNextPage;

  return (
    <section aria-labelledby="sessions-heading" className="card">
      <div className="section-head">
        <h3 id="sessions-heading">User sessions</h3>
        <button type="button" className="danger" onClick={() => setPending({ kind: 'terminate-all' })}>
          Terminate all sessions
        </button>
      </div>
      <div className="filters">
        <fieldset className="segmented">
          <legend>Session Status</legend>
          {(['ACTIVE', 'TERMINATED', 'ALL'] as const).map((s: StatusFilter) => (
            <label key={s}>
              <input type="radio" name="status-filter" value={s} checked={view.status === s} onChange={() => show(firstPage({ ...view, status: s }))} />
              {s === 'ACTIVE' ? 'Active' : s === 'TERMINATED' ? 'Terminated' : 'All'}
            </label>
          ))}
        </fieldset>
        <SearchField id="session-search" placeholder="Name, email, role, IP, city or device" value={searchText} onChange={setSearchText} />
        <div className="field">
          <label htmlFor="session-page-size">Rows per page</label>
          <select id="session-page-size" value={view.size} onChange={(e) => show(firstPage({ ...view, size: Number(e.target.value) }))}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p role="status" className="status">
        {message}
      </p>
      {actionError && (
        <p role="alert" className="error">
          {actionError}
        </p>
      )}
      {error && !data && (
        <p role="alert" className="error">
          Could not load sessions: {describeError(error)}
        </p>
      )}
      <SessionsTable
        sessions={rows}
        caption={conn ? `Sessions ${from}–${to} of ${conn.totalCount}` : fetching ? 'Loading sessions…' : 'Sessions'}
        sort={{ column: view.sort, desc: view.desc }}
        onSort={(column, desc) => show(firstPage({ ...view, sort: column, desc }))}
        onLogout={(s) => setPending({ kind: 'logout', session: s })}
        onTerminateUser={(s) => setPending({ kind: 'terminate-user', session: s })}
      />
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
      {pending?.kind === 'terminate-user' && (
        <ConfirmDialog
          title={`End all sessions of ${pending.session.user.name}?`}
          onCancel={() => setPending(null)}
          busy={busy}
          actions={[{ label: 'End all their sessions', kind: 'danger', onClick: () => void runPending() }]}
        >
          <p>
            Every active session of {pending.session.user.name} ends now, on every device, and they must sign in
            again. Your own current session is kept.
          </p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'terminate-all' && (
        <ConfirmDialog
          title="Terminate all sessions?"
          onCancel={() => setPending(null)}
          busy={busy}
          actions={[{ label: 'Terminate all sessions', kind: 'danger', onClick: () => void runPending() }]}
        >
          <p>
            Every active session of every user in this account ends now, and everyone must sign in again. Your own current
            session is kept.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
