import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { UsersPage, USERS_PAGE_SIZE } from './UsersPage';
import { badInput, mockClient, opName, wrap } from './test-utils';
import { sessionsEndedText } from './format';
import type { UserRowFragment } from './gql/graphql';

function user(over: Partial<UserRowFragment> = {}): UserRowFragment {
  return {
    id: 'u-ann',
    name: 'Ann Member',
    email: 'ann@x.test',
    role: 'MEMBER',
    status: 'ACTIVE',
    deactivatedAt: null,
    lastLoginAt: '2026-11-27T10:00:00Z',
    activeSessionCount: 3,
    ...over,
  };
}
const admin = user({ id: 'u-admin', name: 'Ada Admin', email: 'ada@x.test', role: 'ADMIN', activeSessionCount: 1 });

function page(nodes: UserRowFragment[], hasNextPage = false, endCursor = 'c-end') {
  return { data: { users: { totalCount: nodes.length + (hasNextPage ? USERS_PAGE_SIZE : 0), pageInfo: { hasNextPage, endCursor }, nodes } } };
}

type Respond = Parameters<typeof mockClient>[0];
/** The Users query answers with ann and the admin; other operations as given. */
function setup(mutations: Record<string, Respond> = {}) {
  const mock = mockClient((op) => {
    const name = opName(op.query);
    if (name === 'Users') return page([admin, user()]);
    return mutations[name]?.(op);
  });
  const ops = (name: string) => mock.calls.filter((c) => opName(c.query) === name).map((c) => c.variables);
  render(wrap(mock.client, <UsersPage />));
  return { ops, ue: userEvent.setup() };
}

const annRow = async () => within((await screen.findByText('Ann Member')).closest('tr')!);

describe('UsersPage', () => {
  beforeEach(() => window.history.replaceState(null, '', '/#/users'));
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('lists users with role, status, active sessions and last login', async () => {
    const { client } = mockClient((op) =>
      opName(op.query) === 'Users'
        ? page([admin, user(), user({ id: 'u-bo', name: 'Bo Gone', status: 'DEACTIVATED', deactivatedAt: '2026-11-28T09:00:00Z', activeSessionCount: 0, lastLoginAt: null })])
        : undefined,
    );
    render(wrap(client, <UsersPage />));
    await screen.findByText('Ann Member');
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Name', 'Email', 'Role', 'Status', 'Active sessions', 'Last login', 'Actions',
    ]);
    const [me, ann, bo] = screen.getAllByRole('row').slice(1).map((r) => within(r));
    expect(me.getByText('you')).toBeInTheDocument();
    expect(me.queryByRole('button', { name: /Deactivate/ })).toBeNull(); // nobody deactivates themselves
    expect(ann.getByText('ann@x.test')).toBeInTheDocument();
    expect(ann.getByText('Member')).toBeInTheDocument();
    expect(ann.getByText('Active')).toBeInTheDocument();
    expect(ann.getByText('3')).toBeInTheDocument();
    expect(ann.getByRole('button', { name: 'Deactivate Ann Member' })).toBeInTheDocument();
    expect(bo.getByText('Deactivated')).toBeInTheDocument();
    expect(bo.getByText('Never')).toBeInTheDocument();
    expect(bo.getByRole('button', { name: 'Reactivate Bo Gone' })).toBeInTheDocument();
    expect(screen.getByText('Users 1–3 of 3')).toBeInTheDocument();
  });

  it('keeps the search and the page in the URL', async () => {
    const { client, calls } = mockClient((op) => {
      if (opName(op.query) !== 'Users') return undefined;
      const v = op.variables as { search: string | null; after: string | null };
      if (v.after === 'c1') return page([user({ id: 'u-zed', name: 'Zed Two' })], false, 'c2');
      return page([user()], true, 'c1');
    });
    const ue = userEvent.setup();
    render(wrap(client, <UsersPage />));
    const usersCalls = () => calls.filter((c) => opName(c.query) === 'Users').map((c) => c.variables);
    await screen.findByText('Ann Member');
    expect(usersCalls()[0]).toEqual({ search: null, first: USERS_PAGE_SIZE, after: null });

    await ue.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Zed Two')).toBeInTheDocument();
    expect(window.location.hash).toBe('#/users?after=c1');
    expect(usersCalls().at(-1)).toMatchObject({ after: 'c1' });
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    await ue.click(screen.getByRole('button', { name: 'Previous' }));
    expect(await screen.findByText('Ann Member')).toBeInTheDocument();
    expect(window.location.hash).toBe('#/users');

    // Typing replaces the URL (one history entry, not one per key) and starts again at page 1.
    await ue.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('Zed Two');
    const depth = window.history.length;
    await ue.type(screen.getByRole('searchbox', { name: 'Search' }), 'ann');
    await waitFor(() => expect(window.location.hash).toBe('#/users?search=ann'));
    expect(window.history.length).toBe(depth);
    await waitFor(() => expect(usersCalls().at(-1)).toEqual({ search: 'ann', first: USERS_PAGE_SIZE, after: null }));
  });

  it('reads the search from the URL it opens with', async () => {
    window.history.replaceState(null, '', '/#/users?search=bo');
    const { client, calls } = mockClient((op) => (opName(op.query) === 'Users' ? page([]) : undefined));
    render(wrap(client, <UsersPage />));
    expect(await screen.findByText('No users match.')).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue('bo');
    expect(calls.find((c) => opName(c.query) === 'Users')?.variables).toMatchObject({ search: 'bo' });
  });

  it('adds a user, with the server’s refusal next to the field it names', async () => {
    let attempts = 0;
    const { ops, ue } = setup({
      CreateUser: () =>
        ++attempts === 1
          ? { error: badInput('email', 'email is already in use') }
          : { data: { createUser: user({ id: 'u-cy', name: 'Cy New', email: 'cy@x.test', activeSessionCount: 0, lastLoginAt: null }) } },
    });
    await screen.findByText('Ann Member');
    await ue.click(screen.getByRole('button', { name: 'Add user' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a user' });
    const name = within(dialog).getByLabelText('Name');
    expect(name).toHaveFocus();
    await ue.type(name, 'Cy New');
    await ue.type(within(dialog).getByLabelText('Email'), 'cy@x.test');
    await ue.selectOptions(within(dialog).getByLabelText('Role'), 'ADMIN');
    await ue.type(within(dialog).getByLabelText('First password'), 'a-long-password');
    await ue.click(within(dialog).getByRole('button', { name: 'Add user' }));

    const email = within(dialog).getByLabelText('Email');
    await waitFor(() => expect(email).toHaveAccessibleDescription('The email address is already in use.'));
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(ops('CreateUser')[0]).toEqual({ input: { name: 'Cy New', email: 'cy@x.test', role: 'ADMIN', password: 'a-long-password' } });

    await ue.click(within(dialog).getByRole('button', { name: 'Add user' }));
    expect(await screen.findByText('Added Cy New (cy@x.test).')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('asks before a role change, saying whose sessions end, and shows a refusal next to Role', async () => {
    let refuse = true;
    const { ops, ue } = setup({
      UpdateUser: () =>
        refuse
          ? { error: badInput('role', 'role would leave the account without an active administrator') }
          : { data: { updateUser: user({ role: 'ADMIN', activeSessionCount: 0 }) } },
    });
    await ue.click((await annRow()).getByRole('button', { name: 'Edit Ann Member' }));
    const form = screen.getByRole('dialog', { name: 'Edit Ann Member' });
    await ue.selectOptions(within(form).getByLabelText('Role'), 'ADMIN');
    await ue.click(within(form).getByRole('button', { name: 'Save' }));

    const confirm = screen.getByRole('dialog', { name: "Change Ann Member's role to Admin?" });
    expect(confirm).toHaveTextContent("This ends Ann Member's 3 active sessions.");
    expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    expect(ops('UpdateUser')).toHaveLength(0);
    await ue.click(within(confirm).getByRole('button', { name: 'Change role' }));

    const role = await screen.findByLabelText('Role');
    await waitFor(() => expect(role).toHaveAccessibleDescription('The new role would leave the account without an active administrator.'));
    expect(ops('UpdateUser')[0]).toEqual({ id: 'u-ann', input: { role: 'ADMIN' } });

    refuse = false;
    await ue.click(screen.getByRole('button', { name: 'Save' }));
    await ue.click(screen.getByRole('button', { name: 'Change role' }));
    expect(await screen.findByText('Ann Member is now an admin.')).toBeInTheDocument();
  });

  it('saves a new name without asking: no session ends', async () => {
    const { ops, ue } = setup({ UpdateUser: () => ({ data: { updateUser: user({ name: 'Ann Other' }) } }) });
    await ue.click((await annRow()).getByRole('button', { name: 'Edit Ann Member' }));
    const name = screen.getByLabelText('Name');
    await ue.clear(name);
    await ue.type(name, 'Ann Other');
    await ue.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved Ann Other.')).toBeInTheDocument();
    expect(ops('UpdateUser')).toEqual([{ id: 'u-ann', input: { name: 'Ann Other' } }]);
  });

  it('deactivates after a confirmation naming the sessions that end; reactivates at once', async () => {
    let deactivations = 0;
    const { ops, ue } = setup({
      DeactivateUser: () =>
        ++deactivations === 1
          ? { error: badInput('id', 'id is already deactivated') }
          : { data: { deactivateUser: user({ status: 'DEACTIVATED', activeSessionCount: 0 }) } },
      ReactivateUser: () => ({ data: { reactivateUser: user() } }),
    });
    await ue.click((await annRow()).getByRole('button', { name: 'Deactivate Ann Member' }));
    const dialog = screen.getByRole('dialog', { name: 'Deactivate Ann Member?' });
    expect(dialog).toHaveTextContent("Ann Member can no longer sign in until reactivated. This ends Ann Member's 3 active sessions.");
    await ue.click(within(dialog).getByRole('button', { name: 'Deactivate' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Ann Member is already deactivated.');

    await ue.click(within(dialog).getByRole('button', { name: 'Deactivate' }));
    expect(await screen.findByText('Deactivated Ann Member.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText('Deactivated Ann Member.')).toHaveFocus()); // its Deactivate button is gone
    expect(ops('DeactivateUser')).toEqual([{ id: 'u-ann' }, { id: 'u-ann' }]);
  });

  it('reactivates without a confirmation', async () => {
    const { client, calls } = mockClient((op) => {
      if (opName(op.query) === 'Users') return page([user({ status: 'DEACTIVATED', activeSessionCount: 0 })]);
      if (opName(op.query) === 'ReactivateUser') return { data: { reactivateUser: user() } };
    });
    const ue = userEvent.setup();
    render(wrap(client, <UsersPage />));
    await ue.click(await screen.findByRole('button', { name: 'Reactivate Ann Member' }));
    expect(await screen.findByText('Ann Member can sign in again.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.find((c) => opName(c.query) === 'ReactivateUser')?.variables).toEqual({ id: 'u-ann' });
  });

  it('resets a password, with the sessions that end and the server’s refusal next to the field', async () => {
    let attempts = 0;
    const { ops, ue } = setup({
      ResetUserPassword: () =>
        ++attempts === 1
          ? { error: badInput('newPassword', 'newPassword must be 8 to 256 characters') }
          : { data: { resetUserPassword: user({ activeSessionCount: 0 }) } },
    });
    await ue.click((await annRow()).getByRole('button', { name: 'Reset password of Ann Member' }));
    const dialog = screen.getByRole('dialog', { name: "Reset Ann Member's password?" });
    expect(dialog).toHaveTextContent("This ends Ann Member's 3 active sessions.");
    const field = within(dialog).getByLabelText('New password');
    expect(field).toHaveFocus();
    await ue.type(field, 'short');
    await ue.click(within(dialog).getByRole('button', { name: 'Reset password' }));
    await waitFor(() => expect(field).toHaveAccessibleDescription('The new password must be 8 to 256 characters.'));

    await ue.clear(field);
    await ue.type(field, 'long-enough-password');
    await ue.click(within(dialog).getByRole('button', { name: 'Reset password' }));
    expect(await screen.findByText("Reset Ann Member's password.")).toBeInTheDocument();
    expect(ops('ResetUserPassword').at(-1)).toEqual({ id: 'u-ann', newPassword: 'long-enough-password' });
  });
});

describe('sessionsEndedText', () => {
  it('says whose sessions end, and how many', () => {
    expect(sessionsEndedText('Ann', 3, false)).toBe("This ends Ann's 3 active sessions.");
    expect(sessionsEndedText('Ann', 1, false)).toBe("This ends Ann's active session.");
    expect(sessionsEndedText('Ann', 0, false)).toBe('Ann has no active session: none ends.');
    expect(sessionsEndedText('Ada', 2, true)).toBe('This ends your 2 active sessions, this one included: you will sign in again.');
  });
});
