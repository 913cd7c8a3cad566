import { useEffect, useRef, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { LogoutSessionMutation, MySessionsQuery, TerminateAllMutation } from './operations';
import { describeError } from './errors';
import { LoadError } from './LoadError';
import { useMe } from './context';
import { useLiveSessions } from './useLiveSessions';
import { RelativeTime } from './RelativeTime';
import { ConfirmDialog } from './ConfirmDialog';
import { Link } from 'react-router';

/** Your sessions: every user's own sessions, this device marked; sign out of one or all others. */
export function YourSessionsPage() {
  const me = useMe();
  const client = useClient();
  const [showEnded, setShowEnded] = useState(false);
  const [confirmOthers, setConfirmOthers] = useState(false);
  const [message, setMessage] = useState('');
  const [actionError, setActionError] = useState('');
  // A signed-out row disappears (and the button of "all others" turns off): focus goes to what
  // happened instead of falling to <body>.
  const statusRef = useRef<HTMLParagraphElement>(null);
  const [settled, setSettled] = useState(0);
  useEffect(() => {
    if (settled) statusRef.current?.focus();
  }, [settled]);

  const [{ data, error, fetching }, refetch] = useQuery({
    query: MySessionsQuery,
    variables: { status: showEnded ? null : 'ACTIVE', first: 50 },
  });

  useLiveSessions(refetch, me.user.id);

  const sessions = data?.mySessions.nodes ?? [];
  const others = sessions.filter((s) => s.status === 'ACTIVE' && !s.isCurrent).length;

  async function signOutOne(id: string) {
    setActionError('');
    const r = await client.mutation(LogoutSessionMutation, { id }).toPromise();
    if (r.error) setActionError(describeError(r.error));
    else setMessage('Signed out of that session.');
    setSettled((n) => n + 1);
    refetch({ requestPolicy: 'network-only' });
  }

  async function signOutOthers() {
    setActionError('');
    // userId: for an admin, omitting it would end the whole account's sessions.
    const r = await client.mutation(TerminateAllMutation, { input: { userId: me.user.id, keepCurrent: true } }).toPromise();
    setConfirmOthers(false);
    if (r.error) setActionError(describeError(r.error));
    else setMessage(`Signed out of ${r.data?.terminateAllSessions.terminatedCount ?? 0} other session(s).`);
    setSettled((n) => n + 1);
    refetch({ requestPolicy: 'network-only' });
  }

  return (
    <div className="page">
      <h2>Your sessions</h2>
      <p className="lead">
        The devices and browsers where you are signed in. Sign out of any you do not recognise, and if someone else may
        know your password, <Link to="/password">change your password</Link>.
      </p>
      <div className="section-head">
        <label className="checkbox">
          <input type="checkbox" checked={showEnded} onChange={(e) => setShowEnded(e.target.checked)} />
          Show ended sessions
        </label>
        <button type="button" className="danger" disabled={others === 0} onClick={() => setConfirmOthers(true)}>
          Sign out of all other sessions
        </button>
      </div>
      <p role="status" className="status" ref={statusRef} tabIndex={-1}>
        {message}
      </p>
      {actionError && (
        <p role="alert" className="error">
          {actionError}
        </p>
      )}
      {error && !data && <LoadError what="your sessions" error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      {!data && !error && fetching && <p role="status">Loading your sessions…</p>}
      {data && sessions.length === 0 && <p>No sessions to show.</p>}
      <ul className="my-sessions" aria-label="Your sessions">
        {sessions.map((s) => (
          <li key={s.id} className={s.isCurrent ? 'current' : ''} data-session-id={s.id}>
            <div>
              <strong>{s.device ?? 'Unknown device'}</strong>
              {s.isCurrent && <span className="badge">this device</span>}
              <div className="muted">
                {s.loginIp}
                {s.loginCity ? ` · ${s.loginCity}` : ''} · signed in <RelativeTime iso={s.loginAt} /> · last active{' '}
                <RelativeTime iso={s.lastActiveAt} />
              </div>
              {s.status === 'TERMINATED' && (
                <div className="muted">
                  Ended {s.endedAt && <RelativeTime iso={s.endedAt} />}: {s.endReasonText}
                </div>
              )}
            </div>
            {s.status === 'ACTIVE' && !s.isCurrent && (
              <button type="button" onClick={() => void signOutOne(s.id)} aria-label={`Sign out of ${s.device ?? 'unknown device'}, ${s.loginIp}`}>
                Sign out
              </button>
            )}
          </li>
        ))}
      </ul>
      {confirmOthers && (
        <ConfirmDialog
          title="Sign out of all other sessions?"
          onCancel={() => setConfirmOthers(false)}
          actions={[{ label: 'Sign out of other sessions', kind: 'danger', onClick: () => void signOutOthers() }]}
        >
          <p>
            {others} other session{others === 1 ? '' : 's'} will end now. You stay signed in on this device.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
