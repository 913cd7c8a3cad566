import type { UserRowFragment } from './gql/graphql';
import { formatTime, roleText } from './format';
import { DataTable } from './DataTable';
import { Link } from 'react-router';
import { pathFor } from './route';

export type UserAction = 'edit' | 'reset-password' | 'deactivate' | 'reactivate';

export interface UsersTableProps {
  users: UserRowFragment[];
  caption: string;
  /** What the body says without rows: loading, nothing matches, or could not load. */
  empty?: string;
  /** The signed-in admin: nobody deactivates themselves. */
  meId: string;
  onAction: (action: UserAction, user: UserRowFragment) => void;
}

/** The account's users, one row each, with what an admin can do to them. */
export function UsersTable({ users, caption, empty = 'No users match.', meId, onAction }: UsersTableProps) {
  return (
    <DataTable
      caption={caption}
      className="users"
      columns={['Name', 'Email', 'Role', 'Status', 'Active sessions', 'Last login', 'Actions']}
      empty={users.length ? null : empty}
    >
      {users.map((u) => {
        const active = u.status === 'ACTIVE';
        const self = u.id === meId;
        return (
          <tr key={u.id} data-user-id={u.id} data-status={u.status}>
            <td data-label="Name">
              <Link to={pathFor(`users/${u.id}`)} state={{ name: u.name }} className="user-link">
                {u.name}
              </Link>
              {self && <span className="badge">you</span>}
            </td>
            <td data-label="Email">{u.email}</td>
            <td data-label="Role">{roleText(u.role)}</td>
            <td data-label="Status">
              {active ? (
                <span className="status-active">Active</span>
              ) : (
                <span className="status-ended" title={u.deactivatedAt ? `Since ${formatTime(u.deactivatedAt)}` : undefined}>
                  Deactivated
                </span>
              )}
            </td>
            <td data-label="Active sessions">{u.activeSessionCount}</td>
            <td data-label="Last login">{u.lastLoginAt ? formatTime(u.lastLoginAt) : 'Never'}</td>
            <td data-label="Actions" className="actions">
              <button type="button" onClick={() => onAction('edit', u)} aria-label={`Edit ${u.name}`}>
                Edit
              </button>
              <button type="button" onClick={() => onAction('reset-password', u)} aria-label={`Reset password of ${u.name}`}>
                Reset password
              </button>
              {active && !self && (
                <button type="button" className="danger" onClick={() => onAction('deactivate', u)} aria-label={`Deactivate ${u.name}`}>
                  Deactivate
                </button>
              )}
              {!active && (
                <button type="button" onClick={() => onAction('reactivate', u)} aria-label={`Reactivate ${u.name}`}>
                  Reactivate
                </button>
              )}
              <Link className="button" to={pathFor('audit', { user: u.id })} aria-label={`Audit log of ${u.name}`}>
                Audit log
              </Link>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
