import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Provider, useSubscription } from 'urql';
import { makeClient, type ConsoleClient } from './client';
import { openTabChannel, type TabMessage } from './broadcast';
import { ConnectionContext, MeContext, useConnectionState, type Me } from './context';
import { CurrentSessionEndedSubscription, LogoutMutation, MeQuery } from './operations';
import { LoginPage } from './LoginPage';
import { SessionManagementPage } from './SessionManagementPage';
import { YourSessionsPage } from './YourSessionsPage';
import { IdleWarning } from './IdleWarning';
import { LifetimeWarning } from './LifetimeWarning';
import { UsersPage } from './UsersPage';
import { ChangePasswordPage } from './ChangePasswordPage';
import { AuditPage } from './AuditPage';
import { ApiKeysPage } from './ApiKeysPage';
import { WebhooksPage } from './WebhooksPage';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { UserPage } from './UserPage';
import { useRoute } from './route';

type AuthState =
  | { status: 'loading' }
  | { status: 'signed-out'; notice: string | null }
  | { status: 'signed-in'; me: Me };

export function App() {
  const [auth, setAuth] = useState<AuthState>({ status: 'loading' });
  const [epoch, setEpoch] = useState(0);
  const authRef = useRef(auth);
  authRef.current = auth;
  const channelRef = useRef<ReturnType<typeof openTabChannel> | null>(null);

  // Ends the signed-in state once, whatever told us first (the subscription, the 4401 close,
  // an UNAUTHENTICATED error, another tab), and tells the other tabs.
  const signOut = useCallback((reason: string | null, broadcast = true) => {
    const cur = authRef.current;
    if (cur.status !== 'signed-in') return;
    const text = reason ? `You were signed out: ${reason}.` : 'Your session has ended. Please sign in again.';
    const notice = reason === 'logged out' ? 'You have signed out.' : text;
    if (broadcast) channelRef.current?.post({ type: 'signed-out', sessionId: cur.me.session.id, reason: reason ?? '' });
    authRef.current = { status: 'signed-out', notice };
    setAuth(authRef.current);
    setEpoch((e) => e + 1);
  }, []);

  // A new client (and websocket) for every sign-in, so the socket carries the new cookie. The
  // previous one is disposed here rather than in an effect cleanup, which StrictMode runs twice.
  const previousClient = useRef<ConsoleClient | null>(null);
  const console_: ConsoleClient = useMemo(() => {
    previousClient.current?.dispose();
    const c = makeClient({ onSessionEnded: (reason) => signOut(reason) });
    previousClient.current = c;
    return c;
  }, [epoch, signOut]);

  const loadMe = useCallback(async (c: ConsoleClient) => {
    const r = await c.client.query(MeQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    if (r.data?.me) {
      authRef.current = { status: 'signed-in', me: r.data.me };
      setAuth(authRef.current);
      return true;
    }
    if (authRef.current.status === 'loading') {
      authRef.current = { status: 'signed-out', notice: null };
      setAuth(authRef.current);
    }
    return false;
  }, []);

  useEffect(() => {
    if (authRef.current.status === 'loading') void loadMe(console_);
  }, [console_, loadMe]);

  useEffect(() => {
    const ch = openTabChannel((m: TabMessage) => {
      const cur = authRef.current;
      if (m.type === 'signed-out' && cur.status === 'signed-in') {
        if (!m.sessionId || m.sessionId === cur.me.session.id) signOut(m.reason || null, false);
      } else if (m.type === 'signed-in' && cur.status !== 'signed-in') {
        setEpoch((e) => e + 1);
        authRef.current = { status: 'loading' };
        setAuth(authRef.current);
      }
    });
    channelRef.current = ch;
    return () => ch.close();
  }, [signOut]);

  const onSignedIn = useCallback(async () => {
    // Start over with a fresh client: its websocket will carry the new cookie.
    authRef.current = { status: 'loading' };
    setAuth(authRef.current);
    setEpoch((e) => e + 1);
    channelRef.current?.post({ type: 'signed-in' });
  }, []);

  const logout = useCallback(async () => {
    await console_.client.mutation(LogoutMutation, {}).toPromise();
    signOut('logged out');
  }, [console_, signOut]);

  return (
    <Provider value={console_.client}>
      <ConnectionContext.Provider value={console_.connection}>
        {auth.status === 'loading' && <p className="loading" role="status">Loading…</p>}
        {auth.status === 'signed-out' && <LoginPage notice={auth.notice} onSignedIn={onSignedIn} />}
        {auth.status === 'signed-in' && (
          <MeContext.Provider value={auth.me}>
            <SignedIn me={auth.me} onLogout={logout} onEnded={signOut} />
          </MeContext.Provider>
        )}
      </ConnectionContext.Provider>
    </Provider>
  );
}

type Tab = 'session-management' | 'users' | 'api-keys' | 'webhooks' | 'audit' | 'your-sessions' | 'password';

const ADMIN_TABS: Tab[] = ['session-management', 'users', 'api-keys', 'webhooks'];

const TAB_LABELS: Record<Tab, string> = {
  'session-management': 'Session Management',
  users: 'Users',
  'api-keys': 'API keys',
  webhooks: 'Webhooks',
  audit: 'Audit log',
  'your-sessions': 'Your sessions',
  password: 'Change password',
};

/** Pages whose main content is a table: the skip link leads straight to it. */
const TABLE_PAGES = /^(session-management|users|audit)/;

/**
 * The first thing Tab reaches: past the header, the tabs and the filters (some 40 controls on the
 * Session Management page) to the table, or to the page's content where there is no table. Not
 * a plain #fragment link: the URL's hash is the router's.
 */
function SkipLink() {
  const table = TABLE_PAGES.test(useRoute().page);
  return (
    <a
      href="#main"
      className="skip-link"
      onClick={(e) => {
        e.preventDefault();
        const target = (table && document.querySelector<HTMLElement>('main .table-wrap')) || document.querySelector<HTMLElement>('main');
        target?.focus();
        target?.scrollIntoView({ block: 'start' });
      }}
    >
      {table ? 'Skip to the table' : 'Skip to the content'}
    </a>
  );
}

function SignedIn({ me, onLogout, onEnded }: { me: Me; onLogout: () => void; onEnded: (reason: string | null) => void }) {
  const isAdmin = me.user.role === 'ADMIN';
  const tabs = (Object.keys(TAB_LABELS) as Tab[]).filter((t) => isAdmin || !ADMIN_TABS.includes(t));

  // Fires once when this session ends (then the server closes the socket with 4401).
  const [ended] = useSubscription({ query: CurrentSessionEndedSubscription });
  useEffect(() => {
    const s = ended.data?.currentSessionEnded;
    if (s) onEnded(s.endReasonText ?? null);
  }, [ended.data, onEnded]);

  const connection = useConnectionState();

  return (
    <div className="app">
      <SkipLink />
      <header className="app-header">
        <span className="brand">sessionguard</span>
        {connection === 'offline' && (
          <span className="offline" role="status">
            Offline: live updates paused, reconnecting…
          </span>
        )}
        <span className="who">
          Signed in as <strong data-testid="user-name">{me.user.name}</strong>
        </span>
        <button type="button" onClick={onLogout}>
          Logout
        </button>
      </header>
      <LifetimeWarning />
      <main tabIndex={-1}>
        <h1>My Account</h1>
        <nav aria-label="My Account" className="tabs">
          {tabs.map((t) => (
            <NavLink key={t} to={`/${t}`}>
              {TAB_LABELS[t]}
            </NavLink>
          ))}
        </nav>
        <Routes>
          {isAdmin && <Route path="session-management" element={<SessionManagementPage />} />}
          {isAdmin && <Route path="users" element={<UsersPage />} />}
          {isAdmin && <Route path="users/:userId" element={<UserPage />} />}
          {isAdmin && <Route path="api-keys" element={<ApiKeysPage />} />}
          {isAdmin && <Route path="webhooks" element={<WebhooksPage />} />}
          <Route path="audit" element={<AuditPage />} />
          <Route path="your-sessions" element={<YourSessionsPage />} />
          <Route path="password" element={<ChangePasswordPage />} />
          {/* Anything else (the bare URL, an admin's page for a member): this user's first page. */}
          <Route path="*" element={<Navigate to={isAdmin ? '/session-management' : '/your-sessions'} replace />} />
        </Routes>
      </main>
      <IdleWarning onSignOut={onLogout} />
    </div>
  );
}
