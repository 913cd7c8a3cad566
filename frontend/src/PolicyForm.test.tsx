import { describe, expect, it } from 'vitest';
import { act } from '@testing-library/react';
import { makeSubject } from 'wonka';
import type { OperationResult } from '@urql/core';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Link } from 'react-router';
import { PolicyForm } from './PolicyForm';
import { badInput, mockClient, opName, wrap } from './test-utils';
import type { PolicyFieldsFragment } from './gql/graphql';

const policy: PolicyFieldsFragment = {
  limitMultipleSessions: false,
  maxConcurrentSessions: 1,
  effectiveMaxConcurrentSessions: 1,
  whenLimitReached: 'EVICT_OLDEST',
  idleTimeoutEnabled: false,
  idleTimeout: null,
  absoluteLifetimeEnabled: false,
  absoluteLifetime: null,
  roleOverrides: [],
  updatedAt: null,
  updatedBy: null,
};

function impact(sessionsToEnd: number, excessSessions = sessionsToEnd, idleSessions = 0, lifetimeSessions = 0) {
  return { sessionPolicyPreview: { sessionsToEnd, excessSessions, idleSessions, lifetimeSessions, usersAffected: 1 } };
}

describe('PolicyForm', () => {
  it('has labelled switches, fields and the one-session note from the help article', async () => {
    const { client } = mockClient((op) => (opName(op.query) === 'SessionPolicy' ? { data: { sessionPolicy: policy } } : undefined));
    render(wrap(client, <PolicyForm />));
    const limit = await screen.findByRole('switch', { name: 'Limit Multiple Sessions' });
    expect(limit).not.toBeChecked();
    expect(screen.getByRole('switch', { name: 'Idle Session Timeout' })).not.toBeChecked();
    expect(screen.getByLabelText('Maximum concurrent sessions per user')).toBeDisabled();
    expect(screen.getByRole('radio', { name: 'Log out the oldest session' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Refuse the new login' })).not.toBeChecked();
    const unit = screen.getByLabelText('Unit');
    expect(within(unit).getAllByRole('option').map((o) => o.textContent)).toEqual(['Minutes', 'Hours', 'Days']);
    expect(screen.getByText(/one active session per user/)).toBeInTheDocument();
  });

  it('shows the server BAD_USER_INPUT message next to the field it names', async () => {
    const { client, calls } = mockClient((op) => {
      switch (opName(op.query)) {
        case 'SessionPolicy':
          return { data: { sessionPolicy: policy } };
        case 'PolicyPreview':
          return { error: badInput('maxConcurrentSessions', 'maxConcurrentSessions must be between 1 and 100') };
      }
    });
    const user = userEvent.setup();
    render(wrap(client, <PolicyForm />));
    await user.click(await screen.findByRole('switch', { name: 'Limit Multiple Sessions' }));
    const max = screen.getByLabelText('Maximum concurrent sessions per user');
    await user.clear(max);
    await user.type(max, '0');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(max).toHaveAccessibleDescription('Maximum concurrent sessions per user must be between 1 and 100. From 1 to 100.'));
    expect(max).toHaveAttribute('aria-invalid', 'true');
    expect(max).toHaveFocus(); // the first field in error, not the Save button
    expect(screen.getByRole('alert')).toHaveTextContent('not saved');
    const preview = calls.find((c) => opName(c.query) === 'PolicyPreview');
    expect(preview?.variables).toMatchObject({ input: { limitMultipleSessions: true, maxConcurrentSessions: 0 } });
    expect(calls.some((c) => opName(c.query) === 'UpdatePolicy')).toBe(false);
  });

  it('names every field as the form labels it, the range shown before any error', async () => {
    const { client } = mockClient((op) => {
      switch (opName(op.query)) {
        case 'SessionPolicy':
          return { data: { sessionPolicy: policy } };
        case 'PolicyPreview':
          return { error: badInput('idleTimeoutValue', 'idleTimeoutValue is required when idleTimeoutEnabled is true') };
      }
    });
    const user = userEvent.setup();
    render(wrap(client, <PolicyForm />));
    await user.click(await screen.findByRole('switch', { name: 'Idle Session Timeout' }));
    const value = screen.getByLabelText('Idle timeout');
    expect(value).toHaveAccessibleDescription('From 1 minute to 90 days.');
    expect(screen.getByLabelText('Maximum concurrent sessions per user')).toHaveAccessibleDescription('From 1 to 100.');
    expect(screen.getByText(/a very short timeout leaves them little warning/)).toBeInTheDocument();
    await user.clear(value);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(value).toHaveAccessibleDescription('Idle timeout is required when Idle Session Timeout is on. From 1 minute to 90 days.'));
    expect(value).toHaveFocus();
  });

  it('asks before leaving the page with unsaved edits', async () => {
    window.history.replaceState(null, '', '/#/session-management');
    const { client } = mockClient((op) => (opName(op.query) === 'SessionPolicy' ? { data: { sessionPolicy: policy } } : undefined));
    const user = userEvent.setup();
    render(
      wrap(
        client,
        <>
          <Link to="/users">Users</Link>
          <PolicyForm />
        </>,
      ),
    );
    await user.click(await screen.findByRole('switch', { name: 'Idle Session Timeout' }));
    await user.click(screen.getByRole('link', { name: 'Users' }));
    const dialog = await screen.findByRole('dialog', { name: 'Leave without saving?' });
    await user.click(within(dialog).getByRole('button', { name: 'Stay and keep editing' }));
    await waitFor(() => expect(window.location.hash).toBe('#/session-management'));
    expect(screen.getByRole('switch', { name: 'Idle Session Timeout' })).toBeChecked(); // the edit is still there
    window.history.replaceState(null, '', '/');
  });

  it('catches a value that is not a whole number before asking the server', async () => {
    const { client, calls } = mockClient((op) => (opName(op.query) === 'SessionPolicy' ? { data: { sessionPolicy: policy } } : undefined));
    const user = userEvent.setup();
    render(wrap(client, <PolicyForm />));
    await user.click(await screen.findByRole('switch', { name: 'Idle Session Timeout' }));
    const value = screen.getByLabelText('Idle timeout');
    await user.clear(value);
    await user.type(value, '1.5');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(value).toHaveAccessibleDescription(/^Enter a whole number\. From 1/);
    expect(value).toHaveFocus();
    expect(calls.some((c) => opName(c.query) === 'PolicyPreview')).toBe(false);
  });

  it('saves at once when the preview ends no session', async () => {
    const { client, calls } = mockClient((op) => {
      switch (opName(op.query)) {
        case 'SessionPolicy':
          return { data: { sessionPolicy: policy } };
        case 'PolicyPreview':
          return { data: impact(0) };
        case 'UpdatePolicy':
          return { data: { updateSessionPolicy: { ...policy, limitMultipleSessions: true, maxConcurrentSessions: 3 } } };
      }
    });
    const user = userEvent.setup();
    render(wrap(client, <PolicyForm />));
    await user.click(await screen.findByRole('switch', { name: 'Limit Multiple Sessions' }));
    const max = screen.getByLabelText('Maximum concurrent sessions per user');
    await user.clear(max);
    await user.type(max, '3');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Session policy saved.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    const update = calls.find((c) => opName(c.query) === 'UpdatePolicy');
    expect(update?.variables).toEqual({
      input: {
        limitMultipleSessions: true,
        maxConcurrentSessions: 3,
        whenLimitReached: 'EVICT_OLDEST',
        idleTimeoutEnabled: false,
        absoluteLifetimeEnabled: false,
        roleOverrides: [],
      },
    });
  });

  it('asks before saving a change that ends sessions, and can end them now', async () => {
    const { client, calls } = mockClient((op) => {
      switch (opName(op.query)) {
        case 'SessionPolicy':
          return { data: { sessionPolicy: { ...policy, limitMultipleSessions: true, maxConcurrentSessions: 5 } } };
        case 'PolicyPreview':
          return { data: impact(3) };
        case 'UpdatePolicy':
          return { data: { updateSessionPolicy: { ...policy, limitMultipleSessions: true, maxConcurrentSessions: 2 } } };
      }
    });
    const user = userEvent.setup();
    render(wrap(client, <PolicyForm />));
    const max = await screen.findByLabelText('Maximum concurrent sessions per user');
    await user.clear(max);
    await user.type(max, '2');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const dialog = await screen.findByRole('dialog', { name: 'Saving will end sessions' });
    expect(within(dialog).getByTestId('preview-summary')).toHaveTextContent('This change would end 3 active sessions of 1 user.');
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    expect(calls.some((c) => opName(c.query) === 'UpdatePolicy')).toBe(false);

    await user.click(within(dialog).getByRole('button', { name: 'End 3 now and save' }));
    expect(await screen.findByText('Session policy saved.')).toBeInTheDocument();
    const update = calls.find((c) => opName(c.query) === 'UpdatePolicy');
    expect(update?.variables).toMatchObject({ input: { maxConcurrentSessions: 2, endExcessSessions: true } });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('lets the admin save without ending excess sessions, or cancel with Escape', async () => {
    const { client, calls } = mockClient((op) => {
      switch (opName(op.query)) {
        case 'SessionPolicy':
          return { data: { sessionPolicy: { ...policy, limitMultipleSessions: true, maxConcurrentSessions: 5 } } };
        case 'PolicyPreview':
          return { data: impact(2) };
        case 'UpdatePolicy':
          return { data: { updateSessionPolicy: { ...policy, limitMultipleSessions: true, maxConcurrentSessions: 2 } } };
      }
    });
    const user = userEvent.setup();
    render(wrap(client, <PolicyForm />));
    const max = await screen.findByLabelText('Maximum concurrent sessions per user');
    await user.clear(max);
    await user.type(max, '2');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByRole('dialog');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.some((c) => opName(c.query) === 'UpdatePolicy')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Save' }));
    await user.click(await screen.findByRole('button', { name: 'Save without ending sessions over the limit' }));
    await screen.findByText('Session policy saved.');
    expect(calls.find((c) => opName(c.query) === 'UpdatePolicy')?.variables).toMatchObject({ input: { endExcessSessions: false } });
  });

  it('follows sessionPolicyUpdated while the form has no unsaved edits', async () => {
    const { client } = mockClient((op) => (opName(op.query) === 'SessionPolicy' ? { data: { sessionPolicy: policy } } : undefined));
    const pushed = makeSubject<OperationResult>();
    let subOp: unknown;
    (client as unknown as { executeSubscription: (r: unknown) => unknown }).executeSubscription = (request) => {
      subOp = request;
      return pushed.source;
    };
    const push = (p: PolicyFieldsFragment) =>
      act(() => pushed.next({ operation: subOp, data: { sessionPolicyUpdated: p }, stale: false, hasNext: true } as unknown as OperationResult));
    const user = userEvent.setup();
    render(wrap(client, <PolicyForm />));
    const limit = await screen.findByRole('switch', { name: 'Limit Multiple Sessions' });
    expect(limit).not.toBeChecked();

    await push({ ...policy, limitMultipleSessions: true, maxConcurrentSessions: 4, updatedBy: { id: 'u2', name: 'Bo Admin' } } as PolicyFieldsFragment);
    expect(limit).toBeChecked();
    expect(screen.getByLabelText('Maximum concurrent sessions per user')).toHaveValue(4);
    expect(screen.getByText('The session policy was changed by Bo Admin.')).toBeInTheDocument();

    // With unsaved edits the form is left alone.
    const max = screen.getByLabelText('Maximum concurrent sessions per user');
    await user.clear(max);
    await user.type(max, '7');
    await push({ ...policy, limitMultipleSessions: true, maxConcurrentSessions: 9 });
    expect(max).toHaveValue(7);
    expect(screen.getByText(/Another administrator changed the session policy/)).toBeInTheDocument();
  });

  it('sets the absolute lifetime like the idle timeout, and the preview counts the sessions past it', async () => {
    const { client, calls } = mockClient((op) => {
      switch (opName(op.query)) {
        case 'SessionPolicy':
          return { data: { sessionPolicy: { ...policy, absoluteLifetime: { value: 2, unit: 'DAYS' } } } };
        case 'PolicyPreview':
          return { data: impact(4, 0, 0, 4) };
        case 'UpdatePolicy':
          return { data: { updateSessionPolicy: { ...policy, absoluteLifetimeEnabled: true, absoluteLifetime: { value: 8, unit: 'HOURS' } } } };
      }
    });
    const user = userEvent.setup();
    render(wrap(client, <PolicyForm />));
    const lifetime = await screen.findByRole('switch', { name: 'Absolute Session Lifetime' });
    expect(lifetime).not.toBeChecked();
    const value = screen.getByLabelText('Maximum lifetime');
    const unit = screen.getByLabelText('Lifetime unit');
    // A lifetime configured before and switched off is kept, shown disabled.
    expect(value).toBeDisabled();
    expect(value).toHaveValue(2);
    expect(unit).toHaveValue('DAYS');

    await user.click(lifetime);
    await user.clear(value);
    await user.type(value, '8');
    await user.selectOptions(unit, 'HOURS');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const dialog = await screen.findByRole('dialog', { name: 'Saving will end sessions' });
    expect(dialog).toHaveTextContent('4 signed in longer ago than the new lifetime: they end as soon as you save.');
    expect(within(dialog).queryByRole('button', { name: /without ending/ })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'End 4 now and save' }));
    await screen.findByText('Session policy saved.');
    expect(calls.find((c) => opName(c.query) === 'PolicyPreview')?.variables).toMatchObject({
      input: { absoluteLifetimeEnabled: true, absoluteLifetimeValue: 8, absoluteLifetimeUnit: 'HOURS' },
    });
    expect(screen.getByLabelText('Maximum lifetime')).toHaveValue(8);
  });

  it('shows a refused lifetime next to its field', async () => {
    const { client } = mockClient((op) => {
      switch (opName(op.query)) {
        case 'SessionPolicy':
          return { data: { sessionPolicy: policy } };
        case 'PolicyPreview':
          return { error: badInput('absoluteLifetimeValue', 'absoluteLifetimeValue must be at most 90 days in all') };
      }
    });
    const user = userEvent.setup();
    render(wrap(client, <PolicyForm />));
    await user.click(await screen.findByRole('switch', { name: 'Absolute Session Lifetime' }));
    const value = screen.getByLabelText('Maximum lifetime');
    await user.clear(value);
    await user.type(value, '91');
    await user.selectOptions(screen.getByLabelText('Lifetime unit'), 'DAYS');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(value).toHaveAccessibleDescription('Maximum lifetime must be at most 90 days in all. From 1 minute to 90 days.'));
    expect(value).toHaveAttribute('aria-invalid', 'true');
  });
});
