import { useEffect, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { SessionsQuery, LogoutSessionMutation, TerminateAllMutation } from './operations';
import type { SessionRowFragment, SessionStatus } from './gql/graphql';
import { describeError } from './errors';
import { useLiveSessions } from './useLiveSessions';
import { SessionsTable } from './SessionsTable';
import { ConfirmDialog } from './ConfirmDialog';
import { Pager, SearchField, useDebounced } from './listControls';

export const PAGE_SIZE = 20;

type StatusFilter = 'ACTIVE' | 'TERMINATED' | 'ALL';

type Pending =
  | { kind: 'logout'; session: SessionRowFragment }
  | { kind: 'terminate-user'; session: SessionRowFragment }
  | { kind: 'terminate-all' };

/**
 * The admin's sessions: filters, search, cursor pagination (a stack of `after` cursors for
 * Previous), Logout / Terminate all with confirmation, and live updates from sessionEvents.
 */
export function SessionsPanel() {
  const client = useClient();
  const [status, setStatus] = useState<StatusFilter>('ACTIVE');
  const [searchText, setSearchText] = useState('');
  // Search as the admin types, without a request per keystroke.
  const search = useDebounced(searchText).trim();
  const [cursors, setCursors] = useState<(string | null)[]>([null]); // after-cursor of each page so far
  const after = cursors[cursors.length - 1];
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [actionError, setActionError] = useState('');

  useEffect(() => setCursors([null]), [status, search]);

  const [{ data, fetching, error }, refetch] = useQuery({
    query: SessionsQuery,
    variables: {
      filter: { status: status === 'ALL' ? null : (status as SessionStatus), search: search || null },
      first: PAGE_SIZE,
      after,
    },
  });

  useLiveSessions(refetch);

  const conn = data?.sessions;
  const rows = conn?.nodes ?? [];

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

  const pageNumber = cursors.length;
  const from = rows.length ? (pageNumber - 1) * PAGE_SIZE + 1 : 0;
  const to = (pageNumber - 1) * PAGE_SIZE + rows.length;

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
          {(['ACTIVE', 'TERMINATED', 'ALL'] as const).map((s) => (
            <label key={s}>
              <input type="radio" name="status-filter" value={s} checked={status === s} onChange={() => setStatus(s)} />
              {s === 'ACTIVE' ? 'Active' : s === 'TERMINATED' ? 'Terminated' : 'All'}
            </label>
          ))}
        </fieldset>
        <SearchField id="session-search" placeholder="Name, email, IP or city" value={searchText} onChange={setSearchText} />
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
        onLogout={(s) => setPending({ kind: 'logout', session: s })}
        onTerminateUser={(s) => setPending({ kind: 'terminate-user', session: s })}
      />
      <Pager
        label="Sessions pages"
        page={pageNumber}
        hasNext={!!conn?.pageInfo.hasNextPage}
        onPrevious={() => setCursors(cursors.slice(0, -1))}
        onNext={() => conn?.pageInfo.endCursor && setCursors([...cursors, conn.pageInfo.endCursor])}
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
