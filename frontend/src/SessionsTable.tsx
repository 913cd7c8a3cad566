import { rowSortingFeature, tableFeatures, useTable, type ColumnDef, type SortingState } from '@tanstack/react-table';
import type { SessionRowFragment } from './gql/graphql';
import { roleText } from './format';
import { RelativeTime } from './RelativeTime';
import { DataTable } from './DataTable';
import { hashFor } from './route';
import type { SortColumn } from './sessionsView';

export interface SessionsTableProps {
  sessions: SessionRowFragment[];
  caption: string;
  /** The server's order; without it the headers do not sort. */
  sort?: { column: SortColumn; desc: boolean };
  onSort?: (column: SortColumn, desc: boolean) => void;
  onLogout?: (s: SessionRowFragment) => void;
  onTerminateUser?: (s: SessionRowFragment) => void;
}

const features = tableFeatures({ rowSortingFeature });

/** The columns of the help article; the ones people sort by carry the API's sort key as id. */
const COLUMNS: ColumnDef<typeof features, SessionRowFragment>[] = [
  { id: 'user', header: 'User Name', accessorFn: (s) => s.user.name, sortDescFirst: false },
  { id: 'role', header: 'User Role', enableSorting: false },
  { id: 'ip', header: 'Login IP', enableSorting: false },
  { id: 'city', header: 'Login City', enableSorting: false },
  { id: 'device', header: 'Device', enableSorting: false },
  { id: 'status', header: 'Session Status', enableSorting: false },
  { id: 'loginAt', header: 'Login Time', accessorFn: (s) => s.loginAt },
  { id: 'lastActiveAt', header: 'Last Active', accessorFn: (s) => s.lastActiveAt },
  { id: 'endedAt', header: 'Ended', accessorFn: (s) => s.endedAt },
  { id: 'actions', header: 'Actions', enableSorting: false },
];

const COLUMN_NAMES = COLUMNS.map((c) => c.header as string);

/**
 * The admin's sessions table: one row per session, ended ones with when and why. Sorting is the
 * server's (manual): TanStack Table keeps which header sorts which way and cycles a click
 * (times newest first, names A to Z first); the new order goes to onSort.
 */
export function SessionsTable({ sessions, caption, sort, onSort, onLogout, onTerminateUser }: SessionsTableProps) {
  const sorting: SortingState = sort ? [{ id: sort.column, desc: sort.desc }] : [];
  const table = useTable({
    features,
    columns: COLUMNS,
    data: sessions,
    getRowId: (s) => s.id,
    manualSorting: true,
    enableSorting: !!onSort,
    enableSortingRemoval: false,
    sortDescFirst: true,
    state: { sorting },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(sorting) : updater;
      if (next[0]) onSort?.(next[0].id as SortColumn, next[0].desc);
    },
  });
  const head = table.getHeaderGroups()[0].headers.map((h) => {
    const label = h.column.columnDef.header as string;
    if (!h.column.getCanSort()) {
      return (
        <th key={h.id} scope="col">
          {label}
        </th>
      );
    }
    const dir = h.column.getIsSorted();
    return (
      <th key={h.id} scope="col" aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : undefined}>
        <button type="button" className="sort" onClick={h.column.getToggleSortingHandler()}>
          {label}
          <span aria-hidden="true">{dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ' ↕'}</span>
        </button>
      </th>
    );
  });
  return (
    <DataTable caption={caption} className="sessions" columns={COLUMN_NAMES} head={head} empty={sessions.length ? null : 'No sessions match.'}>
      {table.getRowModel().rows.map(({ original: s }) => {
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
            <td data-label="Login Time">
              <RelativeTime iso={s.loginAt} />
            </td>
            <td data-label="Last Active">
              <RelativeTime iso={s.lastActiveAt} />
            </td>
            <td data-label="Ended">
              {s.endedAt ? (
                <>
                  <RelativeTime iso={s.endedAt} />
                  <br />
                  <span className="reason">
                    {s.endReasonText}
                    {s.endedBy && s.endedBy.id !== s.user.id ? ` (${s.endedBy.name})` : ''}
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
              <a className="button" href={hashFor('audit', { user: s.user.id })} aria-label={`Audit log of ${s.user.name}`}>
                Audit log
              </a>
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
