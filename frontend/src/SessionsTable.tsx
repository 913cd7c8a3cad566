import type { SessionRowFragment } from './gql/graphql';
import { formatTime, roleText } from './format';

export interface SessionsTableProps {
  sessions: SessionRowFragment[];
  caption: string;
  onLogout?: (s: SessionRowFragment) => void;
  onTerminateUser?: (s: SessionRowFragment) => void;
}

/** The admin's sessions table: one row per session, ended ones with when and why. */
export function SessionsTable({ sessions, caption, onLogout, onTerminateUser }: SessionsTableProps) {
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="sessions">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">User Name</th>
            <th scope="col">User Role</th>
            <th scope="col">Login IP</th>
            <th scope="col">Login City</th>
            <th scope="col">Device</th>
            <th scope="col">Session Status</th>
            <th scope="col">Login Time</th>
            <th scope="col">Last Active</th>
            <th scope="col">Ended</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {sessions.length === 0 && (
            <tr>
              <td colSpan={10} className="empty">
                No sessions match.
              </td>
            </tr>
          )}
          {sessions.map((s) => {
            const active = s.status === 'ACTIVE';
            return (
              <tr key={s.id} data-session-id={s.id} data-status={s.status}>
                <td data-label="User Name">
                  {s.user.name}
                  {s.isCurrent && <span className="badge">this session</span>}
                </td>
                <td data-label="User Role">{roleText(s.user.role)}</td>
                <td data-label="Login IP">{s.loginIp}</td>
                <td data-label="Login City">
                  {s.loginCity ? `${s.loginCity}${s.loginCountry ? `, ${s.loginCountry}` : ''}` : '—'}
                </td>
                <td data-label="Device">{s.device ?? 'Unknown device'}</td>
                <td data-label="Session Status">
                  <span className={active ? 'status-active' : 'status-ended'}>{active ? 'Active' : 'Terminated'}</span>
                </td>
                <td data-label="Login Time">{formatTime(s.loginAt)}</td>
                <td data-label="Last Active">{formatTime(s.lastActiveAt)}</td>
                <td data-label="Ended">
                  {s.endedAt ? (
                    <>
                      {formatTime(s.endedAt)}
                      <br />
                      <span className="reason">
                        {s.endReasonText}
                        {s.endedBy && s.endReason === 'ADMIN_LOGOUT' ? ` (${s.endedBy.name})` : ''}
                      </span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td data-label="Actions" className="actions">
                  {active && !s.isCurrent && onLogout && (
                    <button type="button" onClick={() => onLogout(s)} aria-label={`Logout ${s.user.name}, ${s.device ?? 'unknown device'}, ${s.loginIp}`}>
                      Logout
                    </button>
                  )}
                  {active && onTerminateUser && (
                    <button type="button" className="secondary" onClick={() => onTerminateUser(s)} aria-label={`End all sessions of ${s.user.name}`} title="End every active session of this user">
                      End all
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
