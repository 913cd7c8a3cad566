import type { AuditRowFragment } from './gql/graphql';
import { formatTime } from './format';
import { DataTable } from './DataTable';

/** Each audit action as a person reads it. */
export const AUDIT_ACTION_TEXT: Record<string, string> = {
  LOGIN_SUCCEEDED: 'Signed in',
  LOGIN_FAILED: 'Failed sign-in',
  LOGIN_REFUSED: 'Sign-in refused (session limit)',
  LOGOUT: 'Signed out',
  SESSIONS_ENDED: 'Sessions ended',
  POLICY_UPDATED: 'Session policy changed',
  USER_CREATED: 'User added',
  USER_UPDATED: 'User edited',
  USER_DEACTIVATED: 'User deactivated',
  USER_REACTIVATED: 'User reactivated',
  PASSWORD_CHANGED: 'Password changed',
  PASSWORD_RESET: 'Password reset',
};

/** "3 sessions: idle timeout" for entries that ended sessions; "" otherwise. */
export function endedText(e: AuditRowFragment): string {
  if (e.endedSessionCount == null) return '';
  const n = e.endedSessionCount;
  return `${n} ${n === 1 ? 'session' : 'sessions'}${e.endReasonText ? `: ${e.endReasonText}` : ''}`;
}

/** Where the actor's request came from: "203.0.113.9 · Berlin · Firefox on Linux". */
function whereText(e: AuditRowFragment): string {
  return [e.ip, e.city, e.device].filter(Boolean).join(' · ');
}

/** The audit log, newest first; a user's name leads to their own entries. */
export function AuditTable({
  entries,
  caption,
  empty = 'No entries match.',
  onUser,
}: {
  entries: AuditRowFragment[];
  caption: string;
  /** What the body says without rows: loading, nothing matches, or could not load. */
  empty?: string;
  onUser: (id: string) => void;
}) {
  const person = (u: { id: string; name: string } | null | undefined, none: string) =>
    u ? (
      <button type="button" className="link" onClick={() => onUser(u.id)} aria-label={`Entries of ${u.name}`}>
        {u.name}
      </button>
    ) : (
      <span className="muted">{none}</span>
    );
  return (
    <DataTable caption={caption} className="audit" columns={['Time', 'What', 'Who', 'Whom', 'Sessions ended', 'From']} empty={entries.length ? null : empty}>
      {entries.map((e) => (
        <tr key={e.id} data-audit-id={e.id} data-action={e.action}>
          <td data-label="Time">{formatTime(e.occurredAt)}</td>
          <td data-label="What">{AUDIT_ACTION_TEXT[e.action] ?? e.action}</td>
          <td data-label="Who">{person(e.actor, e.action === 'LOGIN_FAILED' ? 'Unknown' : 'System')}</td>
          <td data-label="Whom">{person(e.targetUser, '—')}</td>
          <td data-label="Sessions ended">{endedText(e)}</td>
          <td data-label="From">{whereText(e)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
