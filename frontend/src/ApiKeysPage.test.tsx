import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiKeysPage } from './ApiKeysPage';
import { badInput, mockClient, opName, wrap } from './test-utils';

const KEY = {
  __typename: 'ApiKey',
  id: 'k1',
  name: 'nightly report',
  prefix: 'sgk_AbCd',
  scopes: ['SESSIONS_READ'],
  createdAt: '2026-12-01T10:00:00Z',
  expiresAt: null,
  lastUsedAt: '2026-12-03T09:00:00Z',
  lastUsedIp: '192.0.2.7',
  revokedAt: null,
  active: true,
  createdBy: { __typename: 'User', id: 'u-admin', name: 'Ada Admin' },
};

describe('ApiKeysPage', () => {
  it('lists keys with their last use, creates one showing its secret once with a copy button, and revokes after confirmation', async () => {
    let refuseName = true;
    const mock = mockClient((op) => {
      const name = opName(op.query);
      if (name === 'ApiKeys') return { data: { apiKeys: { __typename: 'ApiKeyConnection', nodes: [KEY] } } };
      if (name === 'CreateApiKey') {
        if (refuseName) return { error: badInput('name', 'name must be 1 to 100 characters') };
        return { data: { createApiKey: { secret: 'sgk_secret-shown-once', apiKey: { id: 'k2', name: 'deploy bot', prefix: 'sgk_secr' } } } };
      }
      if (name === 'RevokeApiKey') return { data: { revokeApiKey: { id: 'k1', revokedAt: '2026-12-03T10:00:00Z', active: false } } };
      return undefined;
    });
    render(wrap(mock.client, <ApiKeysPage />));
    const ue = userEvent.setup();

    const row = (await screen.findByRole('cell', { name: 'nightly report' })).closest('tr')!;
    expect(within(row).getByText(/192\.0\.2\.7/)).toBeInTheDocument();
    expect(within(row).getByText('sgk_AbCd…')).toBeInTheDocument();

    await ue.click(screen.getByRole('button', { name: 'Create API key' }));
    const dialog = screen.getByRole('dialog', { name: 'Create API key' });
    await ue.click(within(dialog).getByRole('button', { name: 'Create key' }));
    expect(await within(dialog).findByText('Name must be 1 to 100 characters.')).toBeInTheDocument();

    refuseName = false;
    await ue.type(within(dialog).getByLabelText('Name'), 'deploy bot');
    await ue.click(within(dialog).getByLabelText(/End sessions/));
    await ue.click(within(dialog).getByRole('button', { name: 'Create key' }));
    const shown = await screen.findByRole('dialog', { name: 'deploy bot created' });
    expect(within(shown).getByTestId('api-key-secret')).toHaveTextContent('sgk_secret-shown-once');
    const sent = mock.calls.filter((c) => opName(c.query) === 'CreateApiKey').at(-1)?.variables;
    expect(sent).toEqual({ input: { name: 'deploy bot', scopes: ['SESSIONS_WRITE'], expiresInDays: 90 } });
    await ue.click(within(shown).getByRole('button', { name: 'Copy key' }));
    expect(await navigator.clipboard.readText()).toBe('sgk_secret-shown-once'); // user-event's clipboard
    expect(await within(shown).findByText('Copied.')).toBeInTheDocument();
    await ue.click(within(shown).getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('sgk_secret-shown-once')).not.toBeInTheDocument();

    await ue.click(within(row).getByRole('button', { name: /Revoke/ }));
    const confirm = screen.getByRole('dialog', { name: 'Revoke nightly report?' });
    expect(mock.calls.some((c) => opName(c.query) === 'RevokeApiKey')).toBe(false);
    await ue.click(within(confirm).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(mock.calls.filter((c) => opName(c.query) === 'RevokeApiKey').map((c) => c.variables)).toEqual([{ id: 'k1' }]);
    expect(screen.getByText('Revoked nightly report: it stopped working everywhere.')).toBeInTheDocument();
  });
});
