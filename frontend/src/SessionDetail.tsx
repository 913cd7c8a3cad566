import { useState } from 'react';
import { Link } from 'react-router';
import type { SessionRowFragment } from './gql/graphql';
import { formatTime } from './format';
import { pathFor } from './route';

/** "Berlin, DE", or the country alone when only it is known; null when neither is. */
export function locationText(s: Pick<SessionRowFragment, 'loginCity' | 'loginCountry'>): string | null {
  if (s.loginCity) return `${s.loginCity}${s.loginCountry ? `, ${s.loginCountry}` : ''}`;
  return s.loginCountry ?? null;
}

/**
 * Everything about one session the table has no room for: the full User-Agent, where it signed
 * in from, who ended it and why, and its id with a button that copies it (for a support ticket
 * or the API).
 */
export function SessionDetail({ session: s }: { session: SessionRowFragment }) {
  const [copied, setCopied] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(s.id);
      setCopied('Session ID copied.');
    } catch {
      setCopied('Could not copy: select the ID and copy it.');
    }
  }
  return (
    <div className="session-detail">
      <dl>
        <dt>User-Agent</dt>
        <dd className="user-agent">{s.userAgent || 'Not sent'}</dd>
        <dt>Location</dt>
        <dd>
          {locationText(s) ?? 'Unknown'} ({s.loginIp})
        </dd>
        <dt>Signed in</dt>
        <dd>{formatTime(s.loginAt)}</dd>
        {s.endedAt && (
          <>
            <dt>Ended</dt>
            <dd>
              {formatTime(s.endedAt)}: {s.endReasonText ?? 'no reason recorded'}
              {s.endedBy ? `, by ${s.endedBy.id === s.user.id ? `${s.user.name} (the user)` : s.endedBy.name}` : ', by the system'}
            </dd>
          </>
        )}
        <dt>Session ID</dt>
        <dd>
          <code>{s.id}</code>{' '}
          <button type="button" onClick={() => void copy()} aria-label={`Copy session ID ${s.id}`}>
            Copy
          </button>{' '}
          <span role="status">{copied}</span>
        </dd>
      </dl>
      <Link to={pathFor('audit', { user: s.user.id })} className="button">
        Audit log of {s.user.name}
      </Link>
    </div>
  );
}
