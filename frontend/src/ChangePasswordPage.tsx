import { useState, type FormEvent } from 'react';
import { ChangePasswordMutation } from './operations';
import { FormError, TextField } from './fields';
import { useMutationForm } from './useMutationForm';

const LABELS = { currentPassword: 'The current password', newPassword: 'The new password' };

/**
 * My Account → Change password: the current password, the new one twice, and whether to sign out
 * the user's other sessions (on by default); this session stays signed in.
 */
export function ChangePasswordPage() {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [endOtherSessions, setEndOtherSessions] = useState(true);
  const [mismatch, setMismatch] = useState('');
  const [message, setMessage] = useState('');
  const { busy, errors, setErrors, run } = useMutationForm(LABELS);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setMessage('');
    // The one check the server cannot make: it never sees the confirmation.
    if (newPassword !== confirmation) {
      setErrors({});
      setMismatch('The two new passwords are not the same.');
      return;
    }
    setMismatch('');
    const data = await run(ChangePasswordMutation, { input: { currentPassword, newPassword, endOtherSessions } });
    if (!data) return;
    setCurrentPassword('');
    setNewPassword('');
    setConfirmation('');
    setMessage(endOtherSessions ? 'Password changed. Your other sessions were signed out.' : 'Password changed.');
  }

  return (
    <div className="page">
      <h2>Change password</h2>
      <p className="lead">You stay signed in here. Use at least 8 characters, and not a common password.</p>
      <form className="card narrow" onSubmit={submit} noValidate aria-label="Change password">
        <TextField
          id="current-password"
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={setCurrentPassword}
          error={errors.currentPassword}
        />
        <TextField
          id="new-password"
          label="New password"
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={setNewPassword}
          error={errors.newPassword}
        />
        <TextField
          id="confirm-password"
          label="Confirm new password"
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onChange={setConfirmation}
          error={mismatch}
        />
        <label className="checkbox">
          <input type="checkbox" checked={endOtherSessions} onChange={(e) => setEndOtherSessions(e.target.checked)} />
          Sign out my other sessions
        </label>
        <FormError message={errors['']} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            Change password
          </button>
          <span role="status" className="status">
            {message}
          </span>
        </div>
      </form>
    </div>
  );
}
