import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PolicyForm } from './PolicyForm';
import { badInput, mockClient, opName, wrap } from './test-utils';
import type { PolicyFieldsFragment } from './gql/graphql';

// An account of 5 sessions per user and a 60-minute idle timeout, whose administrators time out
// after 10 minutes.
const policy: PolicyFieldsFragment = {
  limitMultipleSessions: true,
  maxConcurrentSessions: 5,
  effectiveMaxConcurrentSessions: 5,
  whenLimitReached: 'EVICT_OLDEST',
  idleTimeoutEnabled: true,
  idleTimeout: { value: 60, unit: 'MINUTES' },
  absoluteLifetimeEnabled: false,
  absoluteLifetime: null,
  roleOverrides: [
    {
      role: 'ADMIN',
      limitMultipleSessions: null,
      maxConcurrentSessions: null,
      whenLimitReached: null,
      idleTimeoutEnabled: true,
      idleTimeout: { value: 10, unit: 'MINUTES' },
      absoluteLifetimeEnabled: null,
      absoluteLifetime: null,
    },
  ],
  updatedAt: null,
  updatedBy: null,
};

const adminsOverride = { role: 'ADMIN', idleTimeoutEnabled: true, idleTimeoutValue: 10, idleTimeoutUnit: 'MINUTES' };

describe('PolicyForm per-role rules', () => {
  it('shows each role inheriting the account setting except where it overrides it', async () => {
    const { client } = mockClient((op) => (opName(op.query) === 'SessionPolicy' ? { data: { sessionPolicy: policy } } : undefined));
    render(wrap(client, <PolicyForm />));
    const section = await screen.findByRole('region', { name: 'Per-role rules' });
    expect(within(section).getByLabelText('Administrators: use account setting for the idle timeout')).not.toBeChecked();
    expect(within(section).getByLabelText('Administrators: idle timeout')).toHaveValue(10);
    expect(within(section).getByLabelText('Administrators: use account setting for the session limit')).toBeChecked();
    expect(within(section).getByLabelText('Members: use account setting for the idle timeout')).toBeChecked();
    expect(within(section).queryByLabelText('Members: idle timeout')).toBeNull();
  });

  it('saves a role override with the policy, after the preview shows what it would end', async () => {
    const { client, calls } = mockClient((op) => {
      switch (opName(op.query)) {
        case 'SessionPolicy':
          return { data: { sessionPolicy: policy } };
        case 'PolicyPreview':
          return { data: { sessionPolicyPreview: { sessionsToEnd: 2, excessSessions: 0, idleSessions: 2, lifetimeSessions: 0, usersAffected: 2 } } };
        case 'UpdatePolicy':
          return { data: { updateSessionPolicy: policy } };
      }
    });
    const user = userEvent.setup();
    render(wrap(client, <PolicyForm />));
    await user.click(await screen.findByLabelText('Members: use account setting for the idle timeout'));
    // The members' group starts from the account's setting.
    const value = screen.getByLabelText('Members: idle timeout');
    expect(value).toHaveValue(60);
    await user.clear(value);
    await user.type(value, '15');
    await user.click(screen.getByLabelText('Members: use account setting for the session limit'));
    await user.selectOptions(screen.getByLabelText('Members: at the limit'), 'REJECT_NEW');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const dialog = await screen.findByRole('dialog', { name: 'Saving will end sessions' });
    expect(within(dialog).getByTestId('preview-summary')).toHaveTextContent('This change would end 2 active sessions of 2 users.');
    expect(within(dialog).getByText(/2 already idle longer than the new timeout/)).toBeInTheDocument();
    expect(within(dialog).getByText(/under the rules of its user's role/)).toBeInTheDocument();
    const members = {
      role: 'MEMBER',
      limitMultipleSessions: true,
      maxConcurrentSessions: 5,
      whenLimitReached: 'REJECT_NEW',
      idleTimeoutEnabled: true,
      idleTimeoutValue: 15,
      idleTimeoutUnit: 'MINUTES',
    };
    const preview = calls.find((c) => opName(c.query) === 'PolicyPreview');
    expect(preview?.variables).toMatchObject({ input: { roleOverrides: [adminsOverride, members] } });

    await user.click(within(dialog).getByRole('button', { name: 'End 2 now and save' }));
    expect(await screen.findByText('Session policy saved.')).toBeInTheDocument();
    const update = calls.find((c) => opName(c.query) === 'UpdatePolicy');
    expect(update?.variables).toMatchObject({ input: { roleOverrides: [adminsOverride, members], endExcessSessions: true } });
  });

  it('removes a role override when every group uses the account setting again', async () => {
    const { client, calls } = mockClient((op) => {
      switch (opName(op.query)) {
        case 'SessionPolicy':
          return { data: { sessionPolicy: policy } };
        case 'PolicyPreview':
          return { data: { sessionPolicyPreview: { sessionsToEnd: 0, excessSessions: 0, idleSessions: 0, lifetimeSessions: 0, usersAffected: 0 } } };
        case 'UpdatePolicy':
          return { data: { updateSessionPolicy: { ...policy, roleOverrides: [] } } };
      }
    });
    const user = userEvent.setup();
    render(wrap(client, <PolicyForm />));
    await user.click(await screen.findByLabelText('Administrators: use account setting for the idle timeout'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Session policy saved.')).toBeInTheDocument();
    expect(calls.find((c) => opName(c.query) === 'UpdatePolicy')?.variables).toMatchObject({ input: { roleOverrides: [] } });
    expect(screen.queryByLabelText('Administrators: idle timeout')).toBeNull();
  });

  it("shows the server's error for a role's field next to that role's field", async () => {
    const { client, calls } = mockClient((op) => {
      switch (opName(op.query)) {
        case 'SessionPolicy':
          return { data: { sessionPolicy: policy } };
        case 'PolicyPreview':
          return { error: badInput('roleOverrides[0].idleTimeoutValue', 'roleOverrides[0].idleTimeoutValue must be at most 90 days in all (129600 minutes)') };
      }
    });
    const user = userEvent.setup();
    render(wrap(client, <PolicyForm />));
    const value = await screen.findByLabelText('Administrators: idle timeout');
    await user.clear(value);
    await user.type(value, '200000');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(value).toHaveAccessibleDescription('Idle timeout must be at most 90 days in all (129600 minutes). From 1 minute to 90 days.'),
    );
    expect(value).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent('not saved');
    expect(calls.some((c) => opName(c.query) === 'UpdatePolicy')).toBe(false);
  });

  it('catches a role value that is not a whole number before asking the server', async () => {
    const { client, calls } = mockClient((op) => (opName(op.query) === 'SessionPolicy' ? { data: { sessionPolicy: policy } } : undefined));
    const user = userEvent.setup();
    render(wrap(client, <PolicyForm />));
    const value = await screen.findByLabelText('Administrators: idle timeout');
    await user.clear(value);
    await user.type(value, '2.5');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(value).toHaveAccessibleDescription(/^Enter a whole number\. From 1/);
    expect(calls.some((c) => opName(c.query) === 'PolicyPreview')).toBe(false);
  });
});
