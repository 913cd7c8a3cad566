import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { LoginMutation } from './operations';
import { errorCodes, describeError } from './errors';

const LOGIN_MESSAGES: Record<string, string> = {
  INVALID_CREDENTIALS: 'The email or password is not correct.',
  RATE_LIMITED: 'Too many failed sign-in attempts. Wait a few minutes, then try again.',
  SESSION_LIMIT_REACHED:
    'You already have the maximum number of active sessions. Sign out on another device or browser (or ask your administrator), then try again.',
};

export function LoginPage({ notice, onSignedIn }: { notice: string | null; onSignedIn: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, login] = useMutation(LoginMutation);
  // A refused sign-in moves focus to why (the button it was on says nothing); a notice (signed
  // out, and why) is where a new page starts.
  const errorRef = useRef<HTMLParagraphElement>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals) errorRef.current?.focus();
  }, [refusals]);
  useEffect(() => {
    noticeRef.current?.focus();
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const r = await login({ input: { email, password } });
    if (r.data?.login) {
      onSignedIn();
      return;
    }
    const code = errorCodes(r.error).find((c) => c in LOGIN_MESSAGES);
    setError(code ? LOGIN_MESSAGES[code] : describeError(r.error) || 'Sign-in failed.');
    setRefusals((n) => n + 1);
  }

  return (
    <main className="login">
      <h1>Sign in to sessionguard</h1>
      {notice && (
        <p className="notice" role="status" data-testid="signed-out-notice" ref={noticeRef} tabIndex={-1}>
          {notice}
        </p>
      )}
      <form onSubmit={submit} noValidate aria-describedby={error ? 'login-error' : undefined}>
        <div className="field">
          <label htmlFor="login-email">Email</label>
          <input
            id="login-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">Password</label>
          <input
            id="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {error && (
          <p id="login-error" className="error" role="alert" ref={errorRef} tabIndex={-1}>
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={fetching}>
          {fetching ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
