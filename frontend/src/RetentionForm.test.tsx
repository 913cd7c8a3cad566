import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RetentionForm } from './RetentionForm';
import { badInput, mockClient, opName, wrap } from './test-utils';

describe('RetentionForm', () => {
  it('shows the current retention, saves a change, and shows a refusal next to its field', async () => {
    let refuse = false;
    const mock = mockClient((op) => {
      const name = opName(op.query);
      if (name === 'RetentionSettings') return { data: { retentionSettings: { terminatedSessionsDays: 90, auditEventsDays: 365 } } };
      if (name === 'UpdateRetentionSettings') {
        if (refuse) return { error: badInput('auditEventsDays', 'auditEventsDays must be between 30 and 3650 days') };
        return { data: { updateRetentionSettings: { terminatedSessionsDays: 30, auditEventsDays: 365 } } };
      }
      return undefined;
    });
    render(wrap(mock.client, <RetentionForm />));
    const ue = userEvent.setup();
    const sessions = await screen.findByLabelText('Keep ended sessions for (days)');
    await waitFor(() => expect(sessions).toHaveValue(90));
    expect(screen.getByLabelText('Keep audit entries for (days)')).toHaveValue(365);

    await ue.clear(sessions);
    await ue.type(sessions, '30');
    await ue.click(screen.getByRole('button', { name: 'Save retention' }));
    await screen.findByText('Saved. Older records are deleted within the hour.');
    const saved = mock.calls.filter((c) => opName(c.query) === 'UpdateRetentionSettings').at(-1)?.variables;
    expect(saved).toEqual({ input: { terminatedSessionsDays: 30, auditEventsDays: 365 } });

    refuse = true;
    await ue.click(screen.getByRole('button', { name: 'Save retention' }));
    expect(await screen.findByText('Keep audit entries for must be between 30 and 3650 days.')).toBeInTheDocument();
    expect(screen.getByLabelText('Keep audit entries for (days)')).toHaveAttribute('aria-invalid', 'true');
  });
});
