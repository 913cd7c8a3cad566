import { useState } from 'react';
import type { UserRowFragment } from './gql/graphql';
import { ResetUserPasswordMutation } from './operations';
import { ConfirmDialog } from './ConfirmDialog';
import { FormError, TextField } from './fields';
import { sessionsEndedText } from './format';
import { useMutationForm } from './useMutationForm';

/** An administrator sets a user's password: all the user's sessions end (PASSWORD_CHANGED). */
export function ResetPasswordDialog({
  user,
  isSelf,
  onCancel,
  onDone,
}: {
  user: UserRowFragment;
  isSelf: boolean;
  onCancel: () => void;
  onDone: (u: UserRowFragment) => void;
}) {
  const [newPassword, setNewPassword] = useState('');
  const { busy, errors, run } = useMutationForm({ newPassword: 'The new password', id: user.name });

  async function reset() {
    const data = await run(ResetUserPasswordMutation, { id: user.id, newPassword });
    if (data) onDone(data.resetUserPassword);
  }

  return (
    <ConfirmDialog
      title={`Reset ${isSelf ? 'your' : `${user.name}'s`} password?`}
      onCancel={onCancel}
      busy={busy}
      focusFirstField
      actions={[{ label: 'Reset password', kind: 'danger', onClick: () => void reset() }]}
    >
      <TextField
        id="reset-password"
        label="New password"
        type="password"
        value={newPassword}
        onChange={setNewPassword}
        error={errors.newPassword}
        autoComplete="new-password"
      />
      <p>{sessionsEndedText(user.name, user.activeSessionCount, isSelf)}</p>
      {!isSelf && <p className="muted">Tell {user.name} the new password; they sign in with it from now on.</p>}
      <FormError message={errors.id} />
      <FormError message={errors['']} />
    </ConfirmDialog>
  );
}
