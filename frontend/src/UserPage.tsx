import { Link, useLocation, useParams } from 'react-router';
import { useQuery } from 'urql';
import { UserSessionCountsQuery } from './operations';
import { useMe } from './context';
import { roleText } from './format';
import { useLiveSessions } from './useLiveSessions';
import { LoadError } from './LoadError';
import { SessionsPanel } from './SessionsPanel';
import { pathFor } from './route';

/**
 * One user's page (#/users/:userId, from their name in any table): how many sessions they have
 * active and ended, and their sessions with everything the account's table offers, ending all of
 * them included (counted by the API in the confirmation). The name comes from their latest
 * session, or from the link that led here (state.name) for a user who never signed in.
 */
export function UserPage() {
  const me = useMe();
  const { userId = '' } = useParams();
  const linkedName = (useLocation().state as { name?: string } | null)?.name;
  const [{ data, error }, refetch] = useQuery({ query: UserSessionCountsQuery, variables: { userId } });
  useLiveSessions(refetch, userId);
  const user = data?.latest.nodes[0]?.user;
  const name = user?.name ?? linkedName ?? 'This user';
  const isSelf = userId === me.user.id;

  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={pathFor('users')}>Users</Link> › {name}
      </p>
      <h2>
        {name}
        {isSelf && <span className="badge">you</span>}
      </h2>
      {user && (
        <p className="lead">
          {user.email} · {roleText(user.role)} · <Link to={pathFor('audit', { user: userId })}>Audit log of {name}</Link>
        </p>
      )}
      {error && !data && <LoadError what="this user's session counts" error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      <dl className="counts" aria-label="Session counts">
        <div>
          <dt>Active sessions</dt>
          <dd data-testid="active-count">{data ? data.active.totalCount : '…'}</dd>
        </div>
        <div>
          <dt>Ended sessions</dt>
          <dd data-testid="ended-count">{data ? data.ended.totalCount : '…'}</dd>
        </div>
      </dl>
      <SessionsPanel path={`users/${userId}`} scope={{ userId, userName: name }} />
    </div>
  );
}
