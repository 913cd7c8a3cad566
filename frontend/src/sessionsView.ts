import type { SessionOrderField, SessionStatus } from './gql/graphql';
import type { RouteParams } from './route';

/**
 * What the sessions table shows, read from and written to the URL (#/session-management?…), so
 * reload, Back/Forward and a shared link restore it. Paging follows the API's cursors: `after`
 * holds the endCursor of every page walked from the first, so Previous and Back work; `end=1`
 * starts from the last page instead (the reversed order's first page, read backwards) and
 * `before` holds the cursors walked from there towards the first.
 */
export type StatusFilter = 'ACTIVE' | 'TERMINATED' | 'ALL';
export type SortColumn = 'user' | 'loginAt' | 'lastActiveAt' | 'endedAt';

export interface SessionsView {
  status: StatusFilter;
  search: string;
  sort: SortColumn;
  desc: boolean;
  size: number;
  after: string[];
  fromEnd: boolean;
  before: string[];
}

export const PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_VIEW: SessionsView = {
  status: 'ACTIVE', search: '', sort: 'loginAt', desc: true, size: PAGE_SIZES[0], after: [], fromEnd: false, before: [],
};

/** The API's sort key of each sortable column. */
export const ORDER_FIELD: Record<SortColumn, SessionOrderField> = {
  user: 'USER_NAME', loginAt: 'LOGIN_AT', lastActiveAt: 'LAST_ACTIVE_AT', endedAt: 'ENDED_AT',
};

const STATUSES: StatusFilter[] = ['ACTIVE', 'TERMINATED', 'ALL'];

export function readView(params: URLSearchParams): SessionsView {
  const status = params.get('status') as StatusFilter;
  const sort = params.get('sort') as SortColumn;
  const size = Number(params.get('size'));
  const fromEnd = params.get('end') === '1';
  return {
    status: STATUSES.includes(status) ? status : DEFAULT_VIEW.status,
    search: params.get('search') ?? '',
    sort: sort in ORDER_FIELD ? sort : DEFAULT_VIEW.sort,
    desc: params.get('dir') !== 'asc',
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_VIEW.size,
    after: fromEnd ? [] : params.getAll('after'),
    fromEnd,
    before: fromEnd ? params.getAll('before') : [],
  };
}

/** The URL parameters of v; defaults are left out, so the plain page has a plain URL. */
export function viewParams(v: SessionsView): RouteParams {
  return {
    status: v.status === DEFAULT_VIEW.status ? null : v.status,
    search: v.search || null,
    sort: v.sort === DEFAULT_VIEW.sort ? null : v.sort,
    dir: v.desc ? null : 'asc',
    size: v.size === DEFAULT_VIEW.size ? null : String(v.size),
    after: v.after,
    end: v.fromEnd ? '1' : null,
    before: v.before,
  };
}

/** v on its first page: where every change of filter, search, sort or page size starts. */
export function firstPage(v: SessionsView): SessionsView {
  return { ...v, after: [], fromEnd: false, before: [] };
}

/** How many pages total rows make at v's page size (at least one). */
export function pageCount(v: SessionsView, total: number): number {
  return Math.max(1, Math.ceil(total / v.size));
}

/** v's page number, counted from 1; total is needed only for pages counted from the end. */
export function pageNumber(v: SessionsView, total: number): number {
  return v.fromEnd ? pageCount(v, total) - v.before.length : v.after.length + 1;
}

/**
 * The query variables of v's page. Counted from the end, the order is reversed and the page is
 * read backwards; its size makes the last page hold the remainder, so pages line up with those
 * counted from the first (total comes from a count made first). With userId, one user's sessions.
 */
export function pageQuery(v: SessionsView, total: number, userId: string | null = null) {
  const status: SessionStatus | null = v.status === 'ALL' ? null : v.status;
  const filter = { status, search: v.search.trim() || null, ...(userId ? { userId } : {}) };
  const field = ORDER_FIELD[v.sort];
  if (!v.fromEnd) {
    return { filter, first: v.size, after: v.after.at(-1) ?? null, orderBy: { field, direction: v.desc ? 'DESC' : 'ASC' } as const };
  }
  const lastSize = total - (pageCount(v, total) - 1) * v.size;
  return {
    filter,
    first: v.before.length ? v.size : Math.max(lastSize, 0),
    after: v.before.at(-1) ?? null,
    orderBy: { field, direction: v.desc ? 'ASC' : 'DESC' } as const,
  };
}
