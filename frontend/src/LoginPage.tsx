import { useState, type FormEvent } from 'react';
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
  }

  return (
    <main className="login">
      <h1>Sign in to sessionguard</h1>
      {notice && (
        <p className="notice" role="status" data-testid="signed-out-notice">
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
          <p id="login-error" className="error" role="alert">
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
