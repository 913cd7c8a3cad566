import { useQuery } from 'urql';
import { AuditEventAddedSubscription, AuditEventsQuery } from './operations';
import type { AuditAction } from './gql/graphql';
import { useMe } from './context';
import { useChosen, useGo, useRoute } from './route';
import { useLiveRefetch } from './useLiveSessions';
import { LoadError } from './LoadError';
import { Pager } from './listControls';
import { AUDIT_ACTION_TEXT, AuditTable } from './AuditTable';
import { RetentionForm } from './RetentionForm';

export const AUDIT_PAGE_SIZE = 25;

/**
 * The audit log: who did what, when and from where. Admins read the account's, members what they
 * took part in. The action, a user (#/audit?user=…, where a user's name leads) and the page live
 * in the URL; the CSV export downloads what the filters show, every page of it. New entries
 * appear as they are written (auditEventAdded).
 */
export function AuditPage() {
  const me = useMe();
  const { params } = useRoute();
  const navigate = useGo();
  const action = params.get('action') ?? '';
  const userId = params.get('user') ?? '';
  const cursors = params.getAll('after');
  const after = cursors.at(-1) ?? null;

  const filter = { actions: action ? [action as AuditAction] : null, userId: userId || null };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: AuditEventsQuery,
    variables: { filter, first: AUDIT_PAGE_SIZE, after },
  });
  useLiveRefetch(refetch, AuditEventAddedSubscription, {});

  const conn = data?.auditEvents;
  const rows = conn?.nodes ?? [];
  const from = rows.length ? cursors.length * AUDIT_PAGE_SIZE + 1 : 0;
  const to = cursors.length * AUDIT_PAGE_SIZE + rows.length;
  const go = (p: { action?: string; user?: string; after?: string[] }) =>
    navigate('audit', { action: p.action ?? action, user: p.user ?? userId, after: p.after ?? [] });
  const [shownAction, chooseAction] = useChosen(action);

  const exportQuery = new URLSearchParams();
  if (action) exportQuery.set('actions', action);
  if (userId) exportQuery.set('userId', userId);
  const named = rows.flatMap((e) => [e.actor, e.targetUser]).find((u) => u?.id === userId);
  const isAdmin = me.user.role === 'ADMIN';

  return (
    <div className="page">
      <h2>Audit log</h2>
      <p className="lead">
        {isAdmin
          ? 'Every sign-in, sign-out, ended session, policy and user change in this account: who did it, when, and from where.'
          : 'What you did, and what was done to your account: sign-ins, ended sessions, password changes.'}
      </p>
      <section aria-labelledby="audit-heading" className="card">
        <div className="section-head">
          <h3 id="audit-heading">{userId ? `Entries of ${named?.name ?? 'one user'}` : 'All entries'}</h3>
          <a className="button" href={`/export/audit.csv${exportQuery.size ? `?${exportQuery}` : ''}`} download>
            Export CSV
          </a>
        </div>
        <div className="filters">
          <div className="field">
            <label htmlFor="audit-action">What</label>
            <select
              id="audit-action"
              value={shownAction}
              onChange={(e) => {
                chooseAction(e.target.value);
                go({ action: e.target.value });
              }}
            >
              <option value="">Everything</option>
              {Object.entries(AUDIT_ACTION_TEXT).map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </div>
          {userId && (
            <button type="button" onClick={() => go({ user: '' })}>
              Show everyone
            </button>
          )}
        </div>
        {error && !data && <LoadError what="the audit log" error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
        <AuditTable
          entries={rows}
          caption={conn ? `Entries ${from}–${to} of ${conn.totalCount}` : fetching ? 'Loading entries…' : 'Entries'}
          empty={conn ? 'No entries match.' : error ? 'The audit log could not be loaded.' : 'Loading entries…'}
          onUser={(id) => go({ user: id })}
        />
        <Pager
          label="Audit log pages"
          page={cursors.length + 1}
          hasNext={!!conn?.pageInfo.hasNextPage}
          onPrevious={() => go({ after: cursors.slice(0, -1) })}
          onNext={() => conn?.pageInfo.endCursor && go({ after: [...cursors, conn.pageInfo.endCursor] })}
        />
      </section>
      {isAdmin && <RetentionForm />}
    </div>
  );
}
