import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CombinedError } from '@urql/core';
import { ChangePasswordPage } from './ChangePasswordPage';
import { badInput, mockClient, opName, wrap } from './test-utils';

type Answer = ReturnType<Parameters<typeof mockClient>[0]>;

function setup(answers: Answer[]) {
  const { client, calls } = mockClient((op) => (opName(op.query) === 'ChangePassword' ? answers.shift() : undefined));
  render(wrap(client, <ChangePasswordPage />));
  const sent = () => calls.filter((c) => opName(c.query) === 'ChangePassword').map((c) => c.variables);
  return { sent, ue: userEvent.setup() };
}

async function fill(ue: ReturnType<typeof userEvent.setup>, current: string, next: string, confirm = next) {
  for (const [label, value] of [['Current password', current], ['New password', next], ['Confirm new password', confirm]]) {
    const field = screen.getByLabelText(label);
    await ue.clear(field);
    await ue.type(field, value);
  }
}

describe('ChangePasswordPage', () => {
  it('changes the password and signs out the other sessions by default', async () => {
    const { sent, ue } = setup([{ data: { changePassword: true } }]);
    expect(screen.getByRole('checkbox', { name: 'Sign out my other sessions' })).toBeChecked();
    await fill(ue, 'old-password-1', 'new-password-2');
    await ue.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Password changed. Your other sessions were signed out.')).toBeInTheDocument();
    expect(sent()).toEqual([{ input: { currentPassword: 'old-password-1', newPassword: 'new-password-2', endOtherSessions: true } }]);
    expect(screen.getByLabelText('Current password')).toHaveValue('');
  });

  it('can keep the other sessions', async () => {
    const { sent, ue } = setup([{ data: { changePassword: true } }]);
    await ue.click(screen.getByRole('checkbox', { name: 'Sign out my other sessions' }));
    await fill(ue, 'old-password-1', 'new-password-2');
    await ue.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Password changed.')).toBeInTheDocument();
    expect(sent()[0]).toMatchObject({ input: { endOtherSessions: false } });
  });

  it('shows the server’s refusals next to the current and the new password', async () => {
    const { sent, ue } = setup([
      { error: badInput('currentPassword', 'currentPassword is not correct') },
      { error: badInput('newPassword', 'newPassword is one of the most common passwords') },
      {
        error: new CombinedError({
          graphQLErrors: [{ message: 'too many attempts: try again in a few minutes', extensions: { code: 'RATE_LIMITED' } }],
        }),
      },
    ]);
    await fill(ue, 'wrong-password', 'new-password-2');
    await ue.click(screen.getByRole('button', { name: 'Change password' }));
    const current = screen.getByLabelText('Current password');
    await waitFor(() => expect(current).toHaveAccessibleDescription('The current password is not correct.'));
    expect(current).toHaveAttribute('aria-invalid', 'true');

    await ue.click(screen.getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(screen.getByLabelText('New password')).toHaveAccessibleDescription('The new password is one of the most common passwords.'));
    expect(current).not.toHaveAttribute('aria-invalid');

    await ue.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts: try again in a few minutes.');
    expect(sent()).toHaveLength(3);
  });

  it('catches a confirmation that differs before asking the server', async () => {
    const { sent, ue } = setup([]);
    await fill(ue, 'old-password-1', 'new-password-2', 'new-password-3');
    await ue.click(screen.getByRole('button', { name: 'Change password' }));
    expect(screen.getByLabelText('Confirm new password')).toHaveAccessibleDescription('The two new passwords are not the same.');
    expect(sent()).toHaveLength(0);
  });
});
