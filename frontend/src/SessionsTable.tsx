import type { SessionRowFragment } from './gql/graphql';
import { formatTime, roleText } from './format';
import { DataTable } from './DataTable';

export interface SessionsTableProps {
  sessions: SessionRowFragment[];
  caption: string;
  onLogout?: (s: SessionRowFragment) => void;
  onTerminateUser?: (s: SessionRowFragment) => void;
}

/** The admin's sessions table: one row per session, ended ones with when and why. */
export function SessionsTable({ sessions, caption, onLogout, onTerminateUser }: SessionsTableProps) {
  return (
    <DataTable
      caption={caption}
      className="sessions"
      columns={['User Name', 'User Role', 'Login IP', 'Login City', 'Device', 'Session Status', 'Login Time', 'Last Active', 'Ended', 'Actions']}
      empty={sessions.length ? null : 'No sessions match.'}
    >
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
    </DataTable>
  );
}
