import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useClient, useSubscription } from 'urql';
import { IdleReadQuery, RecordActivityQuery, SessionPolicyUpdatedSubscription } from './operations';
import { backgroundContext } from './background';
import { openTabChannel, type TabMessage } from './broadcast';
import { useMe, useOnResync } from './context';
import { serverNow } from './serverClock';

/** How often the deadline is re-read (background request). */
export const IDLE_POLL_MS = 30_000;
/** Real interaction sends at most one activity request per this interval. */
export const ACTIVITY_THROTTLE_MS = 20_000;
/** The warning shows a fifth of the timeout before the deadline, within these bounds. */
export const MAX_WARNING_MS = 60_000;
/** At least this long, as WCAG 2.2.1 (Timing Adjustable) asks: time to read and answer. */
export const MIN_WARNING_MS = 20_000;
/** What the policy form says about the warning, by the idle timeout. */
export const IDLE_WARNING_NOTE =
  'Before that, they are warned 20 seconds to a minute ahead and can stay signed in; a very short timeout leaves them little warning.';

interface Deadline {
  /** idleExpiresAt, ms since the epoch; null without an idle timeout. */
  expiresAt: number | null;
  /** The account's idle timeout (idleExpiresAt - lastActiveAt), ms. */
  timeoutMs: number;
}

type SessionIdle = { lastActiveAt: string; idleExpiresAt?: string | null };

function toDeadline(s: { lastActiveAt: string; idleExpiresAt?: string | null }): Deadline {
  if (!s.idleExpiresAt) return { expiresAt: null, timeoutMs: 0 };
  const expiresAt = Date.parse(s.idleExpiresAt);
  return { expiresAt, timeoutMs: Math.max(0, expiresAt - Date.parse(s.lastActiveAt)) };
}

/** 0:42, 1:05 */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * How long before the deadline the warning shows: a fifth of the timeout, at least 20 s and at
 * most a minute; a timeout under twice the 20 s is warned about all along.
 */
export function warningWindowMs(timeoutMs: number): number {
  if (timeoutMs < 2 * MIN_WARNING_MS) return timeoutMs;
  return Math.min(MAX_WARNING_MS, Math.max(MIN_WARNING_MS, timeoutMs / 5));
}

/**
 * The idle countdown. Reads the session's idleExpiresAt in the background (on sign-in, every 30 s,
 * after a policy change or a reconnect, and just before the warning would show), shares it with
 * the other tabs, sends one non-background request on real interaction (pointerdown, keydown;
 * at most one per 20 s), and shows "You will be signed out in 0:42 for inactivity" with
 * "Stay signed in" and "Sign out now" before the deadline (warningWindowMs). When the deadline passes, the server ends
 * the session and the usual currentSessionEnded / 4401 handling signs the user out.
 */
export function IdleWarning({ onSignOut }: { onSignOut: () => void }) {
  const client = useClient();
  const me = useMe();
  const sessionId = me.session.id;
  const [deadline, setDeadline] = useState<Deadline>({ expiresAt: null, timeoutMs: 0 });
  // Compared with idleExpiresAt, a server time: the server's clock, not the browser's.
  const [now, setNow] = useState(() => serverNow());
  const deadlineRef = useRef(deadline);
  const channelRef = useRef<ReturnType<typeof openTabChannel> | null>(null);
  const lastActivity = useRef(-Infinity);
  const checkedFor = useRef<number | null>(null);
  const mounted = useRef(true);

  const apply = useCallback(
    (s: SessionIdle | null | undefined, share: boolean) => {
      if (!s || !mounted.current) return;
      const d = toDeadline(s);
      deadlineRef.current = d;
      setDeadline(d);
      setNow(serverNow());
      if (share) {
        channelRef.current?.post({ type: 'idle', sessionId, lastActiveAt: s.lastActiveAt, idleExpiresAt: s.idleExpiresAt ?? null });
      }
    },
    [sessionId],
  );

  /** A background read: does not count as activity. */
  const read = useCallback(async () => {
    const r = await client.query(IdleReadQuery, {}, backgroundContext).toPromise();
    apply(r.data?.me?.session, true);
  }, [client, apply]);

  /** A normal request: the server records it as the user's activity and returns the new deadline. */
  const recordActivity = useCallback(async () => {
    lastActivity.current = Date.now();
    const r = await client.query(RecordActivityQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    apply(r.data?.me?.session, true);
  }, [client, apply]);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // Sign-in, then every 30 s.
  useEffect(() => {
    void read();
    const t = setInterval(() => void read(), IDLE_POLL_MS);
    return () => clearInterval(t);
  }, [read]);

  // Another tab's newer reading of the same session.
  useEffect(() => {
    const ch = openTabChannel((m: TabMessage) => {
      if (m.type !== 'idle' || m.sessionId !== sessionId) return;
      const d = toDeadline(m);
      const cur = deadlineRef.current;
      if (d.expiresAt === null || cur.expiresAt === null || d.expiresAt > cur.expiresAt) apply(m, false);
    });
    channelRef.current = ch;
    return () => {
      ch.close();
      channelRef.current = null;
    };
  }, [sessionId, apply]);

  // The timeout may have changed; events may have been missed while offline.
  const [policy] = useSubscription({ query: SessionPolicyUpdatedSubscription });
  useEffect(() => {
    if (policy.data) void read();
  }, [policy.data, read]);
  useOnResync(read);

  // Real interaction, throttled.
  useEffect(() => {
    const on = () => {
      if (Date.now() - lastActivity.current < ACTIVITY_THROTTLE_MS) return;
      void recordActivity();
    };
    window.addEventListener('pointerdown', on, true);
    window.addEventListener('keydown', on, true);
    return () => {
      window.removeEventListener('pointerdown', on, true);
      window.removeEventListener('keydown', on, true);
    };
  }, [recordActivity]);

  // The clock, while there is a deadline.
  useEffect(() => {
    if (deadline.expiresAt === null) return;
    const t = setInterval(() => setNow(serverNow()), 1000);
    return () => clearInterval(t);
  }, [deadline.expiresAt]);

  const { expiresAt, timeoutMs } = deadline;
  const remaining = expiresAt === null ? Infinity : expiresAt - now;
  const windowMs = warningWindowMs(timeoutMs);

  // Just before warning, and again once the deadline passed, check in the background: another
  // tab or request may have moved it (or the session is gone, which signs out).
  useEffect(() => {
    if (expiresAt === null || remaining > windowMs + 5000) return;
    const key = remaining <= -1000 ? -expiresAt : expiresAt;
    if (checkedFor.current === key) return;
    checkedFor.current = key;
    void read();
  }, [expiresAt, remaining, windowMs, read]);

  const show = expiresAt !== null && remaining <= windowMs && remaining > 0;
  if (!show) return null;
  return (
    <IdleDialog
      remaining={remaining}
      onSignOut={onSignOut}
      onStay={() => {
        // The button's own pointerdown may have sent the request already.
        if (Date.now() - lastActivity.current > 2000) void recordActivity();
        // Hide at once; the response brings the new deadline.
        const d = { expiresAt: serverNow() + timeoutMs, timeoutMs };
        deadlineRef.current = d;
        setDeadline(d);
      }}
    />
  );
}

function IdleDialog({ remaining, onStay, onSignOut }: { remaining: number; onStay: () => void; onSignOut: () => void }) {
  const titleId = useId();
  const descId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const signOutRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    buttonRef.current?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={descId}
        onKeyDown={(e) => {
          // Two buttons: Tab moves between them and stays in the dialog.
          if (e.key === 'Tab') {
            e.preventDefault();
            (document.activeElement === buttonRef.current ? signOutRef : buttonRef).current?.focus();
          }
        }}
      >
        <h2 id={titleId}>Are you still there?</h2>
        <p id={descId}>
          You will be signed out in <span data-testid="idle-remaining">{formatRemaining(remaining)}</span> for inactivity.
        </p>
        <div className="dialog-actions">
          <button ref={signOutRef} type="button" onClick={onSignOut}>
            Sign out now
          </button>
          <button ref={buttonRef} type="button" className="primary" onClick={onStay}>
            Stay signed in
          </button>
        </div>
      </div>
    </div>
  );
}
