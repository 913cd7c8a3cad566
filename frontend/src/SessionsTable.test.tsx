import { beforeEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SessionsTable } from './SessionsTable';
import { SessionsPanel } from './SessionsPanel';
import { PAGE_SIZES } from './sessionsView';
import { mockClient, opName, wrap } from './test-utils';
import { HashRouted } from './HashRouted';
import type { SessionRowFragment } from './gql/graphql';

function session(over: Partial<SessionRowFragment> = {}): SessionRowFragment {
  return {
    id: 's1',
    status: 'ACTIVE',
    loginIp: '203.0.113.7',
    loginCity: 'Berlin',
    loginCountry: 'DE',
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
    device: 'Chrome 131 on macOS',
    loginAt: '2026-11-27T10:00:00Z',
    lastActiveAt: '2026-11-27T10:30:00Z',
    endedAt: null,
    endReason: null,
    endReasonText: null,
    endedBy: null,
    isCurrent: false,
    user: { id: 'u1', name: 'Mia Member', email: 'mia@x.test', role: 'MEMBER' },
    ...over,
  };
}

const ended = session({
  id: 's2',
  status: 'TERMINATED',
  endedAt: '2026-11-27T11:00:00Z',
  endReason: 'ADMIN_LOGOUT',
  endReasonText: 'logged out by an administrator', // the server's words (Session.endReasonText)
  endedBy: { id: 'u-admin', name: 'Ada Admin' },
  loginCity: null,
  device: null,
});

const PAGE_SIZE = PAGE_SIZES[0];

function page(nodes: SessionRowFragment[], hasNextPage = false, endCursor = 'c-end', total = nodes.length + (hasNextPage ? PAGE_SIZE : 0)) {
  return {
    data: {
      sessions: { totalCount: total, pageInfo: { hasNextPage, hasPreviousPage: false, endCursor }, nodes },
    },
  };
}

describe('SessionsTable', () => {
  it('names who ended a session whenever someone else did, and links each name to the user\'s page', () => {
    const terminatedByAdmin = session({ id: 's3', status: 'TERMINATED', endedAt: '2026-11-27T11:00:00Z', endReason: 'TERMINATE_ALL',
      endReasonText: 'all sessions were terminated', endedBy: { id: 'u-admin', name: 'Ada Admin' } });
    const ownLogout = session({ id: 's4', status: 'TERMINATED', endedAt: '2026-11-27T11:00:00Z', endReason: 'LOGOUT',
      endReasonText: 'logged out', endedBy: { id: 'u1', name: 'Mia Member' } });
    render(<HashRouted><SessionsTable sessions={[terminatedByAdmin, ownLogout]} caption="Sessions" /></HashRouted>);
    expect(screen.getByText('all sessions were terminated (Ada Admin)')).toBeInTheDocument();
    expect(screen.getByText('logged out')).toBeInTheDocument(); // her own logout: no name to add
    expect(screen.getAllByRole('link', { name: 'Mia Member' })[0]).toHaveAttribute('href', '#/users/u1');
    expect(screen.queryByRole('button', { name: /End all/ })).toBeNull(); // ending all lives on the user's page
  });

  it('a row\'s detail shows the full User-Agent, a country-only location, who ended it and why, and copies the id', async () => {
    const countryOnly = session({ ...ended, loginCity: null, loginCountry: 'FR' });
    const user = userEvent.setup();
    render(<HashRouted><SessionsTable sessions={[countryOnly]} caption="Sessions" /></HashRouted>);
    expect(within(screen.getAllByRole('row')[1]).getByText('FR')).toBeInTheDocument(); // not "—"
    const details = screen.getByRole('button', { name: /^Details of Mia Member's session/ });
    expect(details).toHaveAttribute('aria-expanded', 'false');
    await user.click(details);
    expect(details).toHaveAttribute('aria-expanded', 'true');
    const detail = document.getElementById(details.getAttribute('aria-controls')!)!;
    expect(detail).toHaveTextContent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36');
    expect(detail).toHaveTextContent('FR (203.0.113.7)');
    expect(detail).toHaveTextContent('logged out by an administrator, by Ada Admin');
    expect(within(detail).getByRole('link', { name: 'Audit log of Mia Member' })).toHaveAttribute('href', '#/audit?user=u1');
    await user.click(within(detail).getByRole('button', { name: 'Copy session ID s2' }));
    expect(await navigator.clipboard.readText()).toBe('s2'); // user-event's clipboard
    expect(await within(detail).findByText('Session ID copied.')).toBeInTheDocument();
  });

  it('in the Active view leaves out the Status and Ended columns, which would say nothing', () => {
    render(<HashRouted><SessionsTable sessions={[session()]} caption="Sessions" activeOnly /></HashRouted>);
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['User Name', 'User Role', 'Login IP', 'Login City', 'Device', 'Login Time', 'Last Active', 'Actions']);
    expect(screen.queryByText('—')).toBeNull();
  });

  it('renders the help article columns and one row per session', () => {
    render(<HashRouted><SessionsTable sessions={[session(), ended]} caption="Sessions" onLogout={() => {}} /></HashRouted>);
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual([
      'User Name', 'User Role', 'Login IP', 'Login City', 'Device', 'Session Status', 'Login Time', 'Last Active', 'Ended', 'Actions',
    ]);
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const [active, terminated] = rows.map((r) => within(r));
    expect(active.getByText('Mia Member')).toBeInTheDocument();
    expect(active.getByText('Member')).toBeInTheDocument();
    expect(active.getByText('Berlin, DE')).toBeInTheDocument();
    expect(active.getByText('Chrome 131 on macOS')).toBeInTheDocument();
    expect(active.getByText('Active')).toBeInTheDocument();
    expect(active.getByRole('button', { name: /^Logout Mia Member/ })).toBeInTheDocument();
    expect(terminated.getByText('Terminated')).toBeInTheDocument();
    expect(terminated.getByText('logged out by an administrator (Ada Admin)')).toBeInTheDocument();
    expect(terminated.getByText('Unknown device')).toBeInTheDocument();
    expect(terminated.queryByRole('button', { name: /Logout/ })).toBeNull();
  });

  it('offers no Logout on the current session', () => {
    render(<HashRouted><SessionsTable sessions={[session({ isCurrent: true })]} caption="Sessions" onLogout={() => {}} /></HashRouted>);
    expect(screen.getByText('this session')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Logout/ })).toBeNull();
  });

  it('says so when nothing matches', () => {
    render(<HashRouted><SessionsTable sessions={[]} caption="Sessions" /></HashRouted>);
    expect(screen.getByText('No sessions match.')).toBeInTheDocument();
  });
});

describe('SessionsPanel', () => {
  beforeEach(() => {
    window.history.replaceState(null, '', '#/session-management');
  });

  it('filters by status and search, and pages with a stack of cursors', async () => {
    const { client, calls } = mockClient((op) => {
      if (opName(op.query) !== 'Sessions') return undefined;
      const v = op.variables as { filter: { status: string | null; search: string | null }; after: string | null };
      if (v.filter.status === 'TERMINATED') return page([ended]);
      if (v.after === 'c1') return page([session({ id: 's3', user: { id: 'u3', name: 'Page Two', email: 'p2@x.test', role: 'MEMBER' } })], false, 'c2', PAGE_SIZE + 1);
      return page([session()], true, 'c1');
    });
    const user = userEvent.setup();
    render(wrap(client, <SessionsPanel path="session-management" />));
    expect(await screen.findByText('Mia Member')).toBeInTheDocument();
    const sessionsCalls = () => calls.filter((c) => opName(c.query) === 'Sessions').map((c) => c.variables);
    expect(sessionsCalls()[0]).toEqual({
      filter: { status: 'ACTIVE', search: null }, first: PAGE_SIZE, after: null, orderBy: { field: 'LOGIN_AT', direction: 'DESC' },
    });

    // Next uses endCursor; Previous goes back to the page before.
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Page Two')).toBeInTheDocument();
    expect(sessionsCalls().at(-1)).toMatchObject({ after: 'c1' });
    expect(screen.getByText('Page 2 of 2')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Previous' }));
    expect(await screen.findByText('Mia Member')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();

    await user.click(screen.getByRole('radio', { name: 'Terminated' }));
    expect(await screen.findByText('logged out by an administrator (Ada Admin)')).toBeInTheDocument();
    expect(sessionsCalls().at(-1)).toMatchObject({ filter: { status: 'TERMINATED' }, after: null });

    await user.click(screen.getByRole('radio', { name: 'All' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'berlin');
    await waitFor(() => expect(sessionsCalls().at(-1)).toMatchObject({ filter: { status: null, search: 'berlin' } }));
  });

  it('sorts by a header through the server, newest first then oldest, from the first page', async () => {
    const { client, calls } = mockClient((op) => (opName(op.query) === 'Sessions' ? page([session()], true, 'c1') : undefined));
    const user = userEvent.setup();
    render(wrap(client, <SessionsPanel path="session-management" />));
    await screen.findByText('Mia Member');
    const last = () => calls.filter((c) => opName(c.query) === 'Sessions').at(-1)?.variables;
    const header = (name: string) => screen.getByRole('columnheader', { name: new RegExp(`^${name}`) });
    expect(header('Login Time')).toHaveAttribute('aria-sort', 'descending');
    expect(header('User Role')).not.toHaveAttribute('aria-sort');
    expect(within(header('User Role')).queryByRole('button')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(last()).toMatchObject({ after: 'c1' }));
    await user.click(screen.getByRole('button', { name: /^Last Active/ }));
    await waitFor(() => expect(last()).toMatchObject({ after: null, orderBy: { field: 'LAST_ACTIVE_AT', direction: 'DESC' } }));
    expect(window.location.hash).toBe('#/session-management?sort=lastActiveAt');
    expect(header('Last Active')).toHaveAttribute('aria-sort', 'descending');
    expect(header('Login Time')).not.toHaveAttribute('aria-sort');

    await user.click(screen.getByRole('button', { name: /^Last Active/ }));
    await waitFor(() => expect(last()).toMatchObject({ orderBy: { field: 'LAST_ACTIVE_AT', direction: 'ASC' } }));
    expect(window.location.hash).toBe('#/session-management?sort=lastActiveAt&dir=asc');

    // Names go A to Z first.
    await user.click(screen.getByRole('button', { name: /^User Name/ }));
    await waitFor(() => expect(last()).toMatchObject({ orderBy: { field: 'USER_NAME', direction: 'ASC' } }));
    expect(header('User Name')).toHaveAttribute('aria-sort', 'ascending');
  });

  it('restores filters, search, sort, page size and page from the URL', async () => {
    window.history.replaceState(null, '', '#/session-management?status=TERMINATED&search=ber&sort=endedAt&size=50&after=c1');
    const second = page([ended], false, 'c2', 51);
    const { client, calls } = mockClient((op) => (opName(op.query) === 'Sessions' ? second : undefined));
    render(wrap(client, <SessionsPanel path="session-management" />));
    expect(await screen.findByText('logged out by an administrator (Ada Admin)')).toBeInTheDocument();
    expect(calls.filter((c) => opName(c.query) === 'Sessions')[0].variables).toEqual({
      filter: { status: 'TERMINATED', search: 'ber' }, first: 50, after: 'c1', orderBy: { field: 'ENDED_AT', direction: 'DESC' },
    });
    expect(screen.getByRole('radio', { name: 'Terminated' })).toBeChecked();
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue('ber');
    expect(screen.getByRole('combobox', { name: 'Rows per page' })).toHaveValue('50');
    expect(screen.getByText('Page 2 of 2')).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: /^Ended/ })).toHaveAttribute('aria-sort', 'descending');

    // Changing the page size starts again from the first page, in the URL.
    const user = userEvent.setup();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Rows per page' }), '100');
    await waitFor(() => expect(window.location.hash).toBe('#/session-management?status=TERMINATED&search=ber&sort=endedAt&size=100'));
    expect(calls.filter((c) => opName(c.query) === 'Sessions').at(-1)?.variables).toMatchObject({ first: 100, after: null });
  });

  it('goes to the last page and back one page from there, pages lining up with those from the first', async () => {
    // 45 sessions, 20 a page: the last page holds 5.
    const sessions = Array.from({ length: 45 }, (_, i) =>
      session({ id: `s${i}`, user: { id: `u${i}`, name: `User ${String(i).padStart(2, '0')}`, email: `u${i}@x.test`, role: 'MEMBER' } }));
    const { client, calls } = mockClient((op) => {
      if (opName(op.query) !== 'Sessions') return undefined;
      const v = op.variables as { first: number; after: string | null; orderBy: { direction: string } };
      // The list in the order asked for; cursors are positions in it.
      const list = v.orderBy.direction === 'DESC' ? sessions : sessions.slice().reverse();
      const start = v.after ? Number(v.after) : 0;
      const nodes = list.slice(start, start + v.first);
      return {
        data: {
          sessions: {
            totalCount: 45,
            pageInfo: { hasNextPage: start + v.first < 45, hasPreviousPage: start > 0, endCursor: String(start + nodes.length) },
            nodes,
          },
        },
      };
    });
    const user = userEvent.setup();
    render(wrap(client, <SessionsPanel path="session-management" />));
    await screen.findByText('User 00');
    expect(screen.getByText('Page 1 of 3')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'First' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Last' }));
    expect(await screen.findByText('Page 3 of 3')).toBeInTheDocument();
    const names = () => screen.getAllByRole('row').slice(1).map((r) => within(r).getByText(/^User \d+/).textContent);
    await waitFor(() => expect(names()).toEqual(['User 40', 'User 41', 'User 42', 'User 43', 'User 44']));
    expect(window.location.hash).toBe('#/session-management?end=1');
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Last' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Previous' }));
    expect(await screen.findByText('Page 2 of 3')).toBeInTheDocument();
    await waitFor(() => expect(names()).toEqual(sessions.slice(20, 40).map((s) => s.user.name)));
    expect(screen.getByRole('table', { name: /Sessions 21–40 of 45/ })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Page 3 of 3')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'First' }));
    expect(await screen.findByText('Page 1 of 3')).toBeInTheDocument();
    expect(window.location.hash).toBe('#/session-management');
    expect(calls.filter((c) => opName(c.query) === 'Sessions').at(-1)?.variables).toMatchObject({ first: 20, after: null });
  });

  it('confirms Logout with a dialog that says what happens, then ends the session', async () => {
    const { client, calls } = mockClient((op) => {
      switch (opName(op.query)) {
        case 'Sessions':
          return page([session()]);
        case 'LogoutSession':
          return { data: { logoutSession: { ...session(), status: 'TERMINATED', endReason: 'ADMIN_LOGOUT', endReasonText: 'logged out by an administrator' } } };
      }
    });
    const user = userEvent.setup();
    render(wrap(client, <SessionsPanel path="session-management" />));
    const logout = await screen.findByRole('button', { name: /^Logout Mia Member/ });
    await user.click(logout);
    const dialog = screen.getByRole('dialog', { name: 'Log out this session?' });
    expect(dialog).toHaveTextContent('Mia Member will be signed out of Chrome 131 on macOS (203.0.113.7) at once');
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(logout).toHaveFocus();

    await user.click(logout);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Logout' }));
    await screen.findByText("Logged out Mia Member's session.");
    expect(calls.find((c) => opName(c.query) === 'LogoutSession')?.variables).toEqual({ id: 's1' });
  });

  it('Terminate all sessions keeps the admin’s own session', async () => {
    const { client, calls } = mockClient((op) => {
      switch (opName(op.query)) {
        case 'Sessions':
          // The count asked when the dialog opens: five active, the admin's own among them.
          return op.variables.first === 0 ? page([], false, 'c', 5) : page([session()]);
        case 'TerminateAll':
          return { data: { terminateAllSessions: { terminatedCount: 4 } } };
      }
    });
    const user = userEvent.setup();
    render(wrap(client, <SessionsPanel path="session-management" />));
    await screen.findByText('Mia Member');
    await user.click(screen.getByRole('button', { name: 'Terminate all sessions' }));
    const dialog = await screen.findByRole('dialog', { name: 'Terminate all sessions?' });
    expect(dialog).toHaveTextContent('4 active sessions will end now');
    expect(dialog).toHaveTextContent('Your own current session is kept.');
    await user.click(within(dialog).getByRole('button', { name: 'Terminate all sessions' }));
    await screen.findByText('Ended 4 sessions.');
    expect(document.activeElement).toHaveTextContent('Ended 4 sessions.'); // not lost to <body>
    expect(calls.find((c) => opName(c.query) === 'TerminateAll')?.variables).toEqual({ input: { keepCurrent: true } });
  });
});
