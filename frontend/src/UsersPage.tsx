import { useEffect, useRef, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { DeactivateUserMutation, ReactivateUserMutation, UsersQuery } from './operations';
import type { UserRowFragment } from './gql/graphql';
import { describeError } from './errors';
import { useMe } from './context';
import { useGo, useRoute } from './route';
import { useLiveSessions } from './useLiveSessions';
import { useMutationForm } from './useMutationForm';
import { sessionsEndedText } from './format';
import { UsersTable, type UserAction } from './UsersTable';
import { ConfirmDialog } from './ConfirmDialog';
import { FormError } from './fields';
import { LoadError } from './LoadError';
import { Pager, SearchField, useDebounced } from './listControls';
import { CreateUserDialog } from './CreateUserDialog';
import { EditUserDialog } from './EditUserDialog';
import { ResetPasswordDialog } from './ResetPasswordDialog';

export const USERS_PAGE_SIZE = 20;

type Pending = { kind: 'create' } | { kind: Exclude<UserAction, 'reactivate'>; user: UserRowFragment };

/**
 * Users (admins): search and pages in the URL (#/users?search=ann&after=c1&after=c2, the `after`
 * cursor of every page so far, so Previous and Back work), add, edit, deactivate, reactivate and
 * reset passwords. Active session counts follow sessionEvents.
 */
export function UsersPage() {
  const me = useMe();
  const client = useClient();
  const { params } = useRoute();
  const navigate = useGo();
  const search = params.get('search') ?? '';
  const cursors = params.getAll('after');
  const after = cursors.at(-1) ?? null;

  // The box follows the URL (Back, a link) and writes it as the admin types, without a request
  // per keystroke and without a history entry per keystroke.
  const [searchText, setSearchText] = useState(search);
  const typed = useDebounced(searchText).trim();
  useEffect(() => setSearchText((t) => (t.trim() === search ? t : search)), [search]);
  useEffect(() => {
    if (typed !== search) navigate('users', { search: typed }, { replace: true });
    // Only when the typing settles: a URL change (Back) must not be undone by the old text.
  }, [typed]);

  const [{ data, fetching, error }, refetch] = useQuery({
    query: UsersQuery,
    variables: { search: search || null, first: USERS_PAGE_SIZE, after },
  });
  useLiveSessions(refetch);

  const [pending, setPending] = useState<Pending | null>(null);
  const [message, setMessage] = useState('');
  const [actionError, setActionError] = useState('');
  const deactivation = useMutationForm({ id: pending && 'user' in pending ? pending.user.name : 'The user' });

  const conn = data?.users;
  const rows = conn?.nodes ?? [];
  const pageNumber = cursors.length + 1;
  const from = rows.length ? cursors.length * USERS_PAGE_SIZE + 1 : 0;
  const to = cursors.length * USERS_PAGE_SIZE + rows.length;

  // After a done action focus goes to what happened: the dialog's button, or the row's (Deactivate
  // turns into Reactivate), may be gone.
  const statusRef = useRef<HTMLParagraphElement>(null);
  const [settled, setSettled] = useState(0);
  useEffect(() => {
    if (settled) statusRef.current?.focus();
  }, [settled]);

  function done(text: string) {
    setPending(null);
    setMessage(text);
    setSettled((n) => n + 1);
    refetch({ requestPolicy: 'network-only' });
  }

  async function reactivate(u: UserRowFragment) {
    setActionError('');
    const r = await client.mutation(ReactivateUserMutation, { id: u.id }).toPromise();
    if (r.error) setActionError(describeError(r.error));
    else done(`${u.name} can sign in again.`);
  }

  async function deactivate(u: UserRowFragment) {
    if (await deactivation.run(DeactivateUserMutation, { id: u.id })) done(`Deactivated ${u.name}.`);
  }

  function onAction(action: UserAction, user: UserRowFragment) {
    setMessage('');
    setActionError('');
    if (action === 'reactivate') void reactivate(user);
    else {
      deactivation.setErrors({});
      setPending({ kind: action, user });
    }
  }

  return (
    <div className="page">
      <h2>Users</h2>
      <p className="lead">Everyone who can sign in to this account: add people, change their role, deactivate them, or reset a password.</p>
      <section aria-labelledby="users-heading" className="card">
        <div className="section-head">
          <h3 id="users-heading">All users</h3>
          <button type="button" className="primary" onClick={() => setPending({ kind: 'create' })}>
            Add user
          </button>
        </div>
        <div className="filters">
          <SearchField id="user-search" placeholder="Name or email" value={searchText} onChange={setSearchText} />
        </div>
        <p role="status" className="status" ref={statusRef} tabIndex={-1}>
          {message}
        </p>
        <FormError message={actionError} />
        {error && !data && <LoadError what="users" error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
        <UsersTable
          users={rows}
          meId={me.user.id}
          caption={conn ? `Users ${from}–${to} of ${conn.totalCount}` : fetching ? 'Loading users…' : 'Users'}
          empty={conn ? 'No users match.' : error ? 'The users could not be loaded.' : 'Loading users…'}
          onAction={onAction}
        />
        <Pager
          label="Users pages"
          page={pageNumber}
          hasNext={!!conn?.pageInfo.hasNextPage}
          onPrevious={() => navigate('users', { search, after: cursors.slice(0, -1) })}
          onNext={() => conn?.pageInfo.endCursor && navigate('users', { search, after: [...cursors, conn.pageInfo.endCursor] })}
        />
      </section>

      {pending?.kind === 'create' && (
        <CreateUserDialog onCancel={() => setPending(null)} onCreated={(u) => done(`Added ${u.name} (${u.email}).`)} />
      )}
      {pending?.kind === 'edit' && (
        <EditUserDialog
          user={pending.user}
          isSelf={pending.user.id === me.user.id}
          onCancel={() => setPending(null)}
          onSaved={(u, roleChanged) => done(roleChanged ? `${u.name} is now ${u.role === 'ADMIN' ? 'an admin' : 'a member'}.` : `Saved ${u.name}.`)}
        />
      )}
      {pending?.kind === 'reset-password' && (
        <ResetPasswordDialog
          user={pending.user}
          isSelf={pending.user.id === me.user.id}
          onCancel={() => setPending(null)}
          onDone={(u) => done(`Reset ${u.name}'s password.`)}
        />
      )}
      {pending?.kind === 'deactivate' && (
        <ConfirmDialog
          title={`Deactivate ${pending.user.name}?`}
          onCancel={() => setPending(null)}
          busy={deactivation.busy}
          actions={[{ label: 'Deactivate', kind: 'danger', onClick: () => void deactivate(pending.user) }]}
        >
          <p>
            {pending.user.name} can no longer sign in until reactivated. {sessionsEndedText(pending.user.name, pending.user.activeSessionCount, false)}
          </p>
          <FormError message={deactivation.errors.id} />
          <FormError message={deactivation.errors['']} />
        </ConfirmDialog>
      )}
    </div>
  );
}
