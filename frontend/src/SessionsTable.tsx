import { Fragment, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { rowSortingFeature, tableFeatures, useTable, type ColumnDef, type SortingState } from '@tanstack/react-table';
import type { SessionRowFragment } from './gql/graphql';
import { roleText } from './format';
import { RelativeTime } from './RelativeTime';
import { DataTable } from './DataTable';
import { SessionDetail, locationText } from './SessionDetail';
import { pathFor } from './route';
import type { SortColumn } from './sessionsView';

export interface SessionsTableProps {
  sessions: SessionRowFragment[];
  caption: string;
  /** Only active sessions listed: the Status and Ended columns would say nothing. */
  activeOnly?: boolean;
  /** What the body says without rows: loading, nothing matches, or could not load. */
  empty?: string;
  /** The server's order; without it the headers do not sort. */
  sort?: { column: SortColumn; desc: boolean };
  onSort?: (column: SortColumn, desc: boolean) => void;
  onLogout?: (s: SessionRowFragment) => void;
}

const features = tableFeatures({ rowSortingFeature });
type Column = ColumnDef<typeof features, SessionRowFragment>;

/** The columns of the help article; the ones people sort by carry the API's sort key as id. */
const COLUMNS: Column[] = [
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
const ENDED_ONLY = ['status', 'endedAt'];
const ACTIVE_COLUMNS = COLUMNS.filter((c) => !ENDED_ONLY.includes(c.id!));

/** Who ended s and why: "logged out by an administrator (Ada Admin)"; the user's own end names nobody. */
export function endedText(s: SessionRowFragment): string {
  return `${s.endReasonText ?? ''}${s.endedBy && s.endedBy.id !== s.user.id ? ` (${s.endedBy.name})` : ''}`;
}

/** Whether s has nothing to show in column id (its "—"): a phone card leaves such a line out. */
function blank(id: string, s: SessionRowFragment): boolean {
  return (id === 'city' && !locationText(s)) || (id === 'endedAt' && !s.endedAt);
}

/** One cell of s in column id. */
function cell(id: string, s: SessionRowFragment): ReactNode {
  const active = s.status === 'ACTIVE';
  switch (id) {
    case 'user':
      return (
        <>
          <Link to={pathFor(`users/${s.user.id}`)} className="user-link">
            {s.user.name}
          </Link>
          {s.isCurrent && <span className="badge">this session</span>}
        </>
      );
    case 'role':
      return roleText(s.user.role);
    case 'ip':
      return s.loginIp;
    case 'city':
      return locationText(s) ?? '—';
    case 'device':
      return s.device ?? 'Unknown device';
    case 'status':
      return <span className={active ? 'status-active' : 'status-ended'}>{active ? 'Active' : 'Terminated'}</span>;
    case 'loginAt':
      return <RelativeTime iso={s.loginAt} />;
    case 'lastActiveAt':
      return <RelativeTime iso={s.lastActiveAt} />;
    case 'endedAt':
      return s.endedAt ? (
        <>
          <RelativeTime iso={s.endedAt} />
          <br />
          <span className="reason">{endedText(s)}</span>
        </>
      ) : (
        '—'
      );
  }
  return null;
}

/**
 * The admin's sessions table: one row per session, ended ones with when and why, each with a
 * detail (the full User-Agent, the location, the id to copy). Sorting is the server's (manual):
 * TanStack Table keeps which header sorts which way and cycles a click (times newest first,
 * names A to Z first); the new order goes to onSort. A user's name leads to their page, where
 * ending all their sessions lives (not on every row, and so never on the admin's own by accident).
 */
export function SessionsTable({ sessions, caption, activeOnly = false, empty = 'No sessions match.', sort, onSort, onLogout }: SessionsTableProps) {
  const [open, setOpen] = useState<string | null>(null);
  const sorting: SortingState = sort ? [{ id: sort.column, desc: sort.desc }] : [];
  const table = useTable({
    features,
    columns: activeOnly ? ACTIVE_COLUMNS : COLUMNS,
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
  const headers = table.getHeaderGroups()[0].headers;
  const head = headers.map((h) => {
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
  const names = headers.map((h) => h.column.columnDef.header as string);
  return (
    <DataTable caption={caption} className="sessions" columns={names} head={head} empty={sessions.length ? null : empty}>
      {table.getRowModel().rows.map(({ original: s }) => {
        const shown = open === s.id;
        const detailId = `session-detail-${s.id}`;
        return (
          <Fragment key={s.id}>
            <tr data-session-id={s.id} data-status={s.status}>
              {headers.map((h, i) =>
                h.column.id === 'actions' ? (
                  <td key="actions" data-label="Actions" className="actions">
                    <button
                      type="button"
                      aria-expanded={shown}
                      aria-controls={shown ? detailId : undefined}
                      aria-label={`Details of ${s.user.name}'s session, ${s.device ?? 'unknown device'}`}
                      onClick={() => setOpen(shown ? null : s.id)}
                    >
                      Details
                    </button>
                    {s.status === 'ACTIVE' && !s.isCurrent && onLogout && (
                      <button type="button" onClick={() => onLogout(s)} aria-label={`Logout ${s.user.name}, ${s.device ?? 'unknown device'}, ${s.loginIp}`}>
                        Logout
                      </button>
                    )}
                  </td>
                ) : (
                  <td key={h.id} data-label={names[i]} data-empty={blank(h.column.id, s) || undefined}>
                    {cell(h.column.id, s)}
                  </td>
                ),
              )}
            </tr>
            {shown && (
              <tr className="detail-row">
                <td colSpan={names.length} id={detailId}>
                  <SessionDetail session={s} />
                </td>
              </tr>
            )}
          </Fragment>
        );
      })}
    </DataTable>
  );
}
