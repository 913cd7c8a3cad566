import { useState } from 'react';
import type { Role, UpdateUserInput, UserRowFragment } from './gql/graphql';
import { UpdateUserMutation } from './operations';
import { ConfirmDialog } from './ConfirmDialog';
import { FormError, RoleField, TextField } from './fields';
import { roleText, sessionsEndedText } from './format';
import { useMutationForm } from './useMutationForm';

/**
 * Edit a user's name and role. A role change ends all the user's sessions (ROLE_CHANGED), so Save
 * then asks once more, saying whose sessions end; the server's refusals (an empty name, the last
 * administrator's demotion) come back next to the field they concern.
 */
export function EditUserDialog({
  user,
  isSelf,
  onCancel,
  onSaved,
}: {
  user: UserRowFragment;
  isSelf: boolean;
  onCancel: () => void;
  onSaved: (u: UserRowFragment, roleChanged: boolean) => void;
}) {
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<Role>(user.role);
  const [confirming, setConfirming] = useState(false);
  const { busy, errors, run } = useMutationForm({ name: 'The name', role: 'The new role', id: user.name });
  const roleChanged = role !== user.role;

  async function save() {
    const input: UpdateUserInput = {};
    if (name !== user.name) input.name = name;
    if (roleChanged) input.role = role;
    setConfirming(false);
    const data = await run(UpdateUserMutation, { id: user.id, input });
    if (data) onSaved(data.updateUser, roleChanged);
  }

  if (confirming) {
    return (
      <ConfirmDialog
        key="confirm"
        title={`Change ${isSelf ? 'your' : `${user.name}'s`} role to ${roleText(role)}?`}
        onCancel={() => setConfirming(false)}
        busy={busy}
        actions={[{ label: 'Change role', kind: 'danger', onClick: () => void save() }]}
      >
        <p>{sessionsEndedText(user.name, user.activeSessionCount, isSelf)}</p>
        <p>{isSelf ? 'You sign' : 'They sign'} in again with the new role's rights.</p>
      </ConfirmDialog>
    );
  }

  return (
    // Keyed: each step is a dialog of its own, which moves focus into itself when it opens.
    <ConfirmDialog
      key="form"
      title={`Edit ${user.name}`}
      onCancel={onCancel}
      busy={busy}
      focusFirstField
      actions={[{ label: 'Save', kind: 'primary', onClick: () => (roleChanged ? setConfirming(true) : void save()) }]}
    >
      <TextField id="edit-user-name" label="Name" value={name} onChange={setName} error={errors.name} autoComplete="off" />
      <RoleField id="edit-user-role" label="Role" value={role} onChange={setRole} error={errors.role} />
      <FormError message={errors.id} />
      <FormError message={errors['']} />
    </ConfirmDialog>
  );
}
