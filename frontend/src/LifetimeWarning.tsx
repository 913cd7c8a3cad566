import { useCallback, useEffect, useState } from 'react';
import { useClient, useSubscription } from 'urql';
import { LifetimeReadQuery, SessionPolicyUpdatedSubscription } from './operations';
import { backgroundContext } from './background';
import { useOnResync } from './context';
import { serverNow } from './serverClock';
import { formatClock } from './format';

/** The warning shows this long before the session's absolute end, at most (and at most a fifth of the lifetime). */
export const MAX_LIFETIME_WARNING_MS = 5 * 60_000;
/** Timers wait at most this long at once; a lifetime may be 90 days, beyond what setTimeout can wait. */
const MAX_TIMER_MS = 60 * 60_000;

interface Lifetime {
  /** Session.expiresAt, ms since the epoch (a server time). */
  expiresAt: number;
  /** expiresAt - loginAt, ms. */
  lifetimeMs: number;
}

export function lifetimeWarningMs(lifetimeMs: number): number {
  return Math.min(MAX_LIFETIME_WARNING_MS, lifetimeMs / 5);
}

/**
 * The absolute lifetime's notice. Nothing extends a session past its expiresAt, so unlike the idle
 * countdown there is no "stay signed in": a few minutes before, a banner says when the session
 * ends, so the user can finish and sign in again then. Reads expiresAt in the background on
 * sign-in, after a policy change and after a reconnect; the end itself arrives as for any other
 * reason (currentSessionEnded / 4401, "the session reached its maximum lifetime").
 */
export function LifetimeWarning() {
  const client = useClient();
  const [lifetime, setLifetime] = useState<Lifetime | null>(null);
  const [now, setNow] = useState(() => serverNow());
  const [dismissedFor, setDismissedFor] = useState<number | null>(null);

  const read = useCallback(async () => {
    const r = await client.query(LifetimeReadQuery, {}, backgroundContext).toPromise();
    const s = r.data?.me?.session;
    if (!s) return; // a failed read keeps what is known
    const expiresAt = s.expiresAt ? Date.parse(s.expiresAt) : null;
    setLifetime(expiresAt === null ? null : { expiresAt, lifetimeMs: expiresAt - Date.parse(s.loginAt) });
    setNow(serverNow());
  }, [client]);

  useEffect(() => {
    void read();
  }, [read]);
  const [policy] = useSubscription({ query: SessionPolicyUpdatedSubscription });
  useEffect(() => {
    if (policy.data) void read();
  }, [policy.data, read]);
  useOnResync(read);

  // Wake up when the warning is due, on the server's clock (expiresAt is a server time).
  const warnAt = lifetime ? lifetime.expiresAt - lifetimeWarningMs(lifetime.lifetimeMs) : null;
  useEffect(() => {
    if (warnAt === null || now >= warnAt) return;
    const t = setTimeout(() => setNow(serverNow()), Math.min(warnAt - serverNow(), MAX_TIMER_MS));
    return () => clearTimeout(t);
  }, [warnAt, now]);

  if (!lifetime || warnAt === null || now < warnAt || dismissedFor === lifetime.expiresAt) return null;
  // Said on the browser's clock, the one the user reads, even when it is off the server's.
  const endsAt = formatClock(lifetime.expiresAt - (serverNow() - Date.now()));
  return (
    <div className="notice lifetime-warning" role="alert">
      <span>
        Your session ends at <strong data-testid="lifetime-ends-at">{endsAt}</strong>: sign in again then. Save your
        work before it does.
      </span>
      <button type="button" onClick={() => setDismissedFor(lifetime.expiresAt)}>
        OK
      </button>
    </div>
  );
}
