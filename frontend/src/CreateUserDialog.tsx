import { useState } from 'react';
import type { Role, UserRowFragment } from './gql/graphql';
import { CreateUserMutation } from './operations';
import { ConfirmDialog } from './ConfirmDialog';
import { FormError, RoleField, TextField } from './fields';
import { useMutationForm } from './useMutationForm';

const LABELS = { name: 'The name', email: 'The email address', role: 'The role', password: 'The password' };

/** Add a user to the account: name, email, role and a first password they sign in with. */
export function CreateUserDialog({ onCancel, onCreated }: { onCancel: () => void; onCreated: (u: UserRowFragment) => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('MEMBER');
  const [password, setPassword] = useState('');
  const { busy, errors, run } = useMutationForm(LABELS);

  async function create() {
    const data = await run(CreateUserMutation, { input: { name, email: email.trim(), role, password } });
    if (data) onCreated(data.createUser);
  }

  return (
    <ConfirmDialog
      title="Add a user"
      onCancel={onCancel}
      busy={busy}
      focusFirstField
      actions={[{ label: 'Add user', kind: 'primary', onClick: () => void create() }]}
    >
      <TextField id="new-user-name" label="Name" value={name} onChange={setName} error={errors.name} autoComplete="off" />
      <TextField id="new-user-email" label="Email" type="email" value={email} onChange={setEmail} error={errors.email} autoComplete="off" />
      <RoleField id="new-user-role" label="Role" value={role} onChange={setRole} error={errors.role} />
      <TextField
        id="new-user-password"
        label="First password"
        type="password"
        value={password}
        onChange={setPassword}
        error={errors.password}
        autoComplete="new-password"
      />
      <p className="muted">Give them this password; they can change it under My Account → Change password.</p>
      <FormError message={errors['']} />
    </ConfirmDialog>
  );
}
