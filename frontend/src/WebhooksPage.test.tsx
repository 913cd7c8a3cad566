import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { WebhooksPage } from './WebhooksPage';
import { badInput, mockClient, opName, wrap } from './test-utils';

const DELIVERY = {
  __typename: 'WebhookDelivery',
  id: 'd1',
  eventId: 'e1',
  eventType: 'SESSION_ENDED',
  status: 'PENDING',
  attempts: 2,
  createdAt: '2026-12-03T09:00:00Z',
  lastAttemptAt: '2026-12-03T09:01:00Z',
  lastStatusCode: 503,
  lastError: 'the endpoint answered 503 Service Unavailable',
  deliveredAt: null,
  nextAttemptAt: '2099-12-03T09:02:00Z',
};

const HOOK = {
  __typename: 'Webhook',
  id: 'w1',
  url: 'https://hooks.example.com/sessionguard',
  events: ['SESSION_STARTED', 'SESSION_ENDED'],
  createdAt: '2026-12-01T10:00:00Z',
  deliveries: [DELIVERY],
};

describe('WebhooksPage', () => {
  it('lists endpoints with their deliveries, adds one showing its secret once, refuses a URL at its field, tests and deletes after confirmation', async () => {
    let refuseURL = true;
    let tests = 0;
    const mock = mockClient((op) => {
      const name = opName(op.query);
      if (name === 'Webhooks') return { data: { webhooks: [HOOK] } };
      if (name === 'CreateWebhook') {
        if (refuseURL) return { error: badInput('url', 'url must not be a private, loopback or link-local address') };
        return { data: { createWebhook: { secret: 'whsec-shown-once', webhook: { id: 'w2', url: 'https://receiver.example.net/hook' } } } };
      }
      if (name === 'TestWebhook') {
        tests += 1;
        return { data: { testWebhook: false } };
      }
      if (name === 'DeleteWebhook') return { data: { deleteWebhook: true } };
      return undefined;
    });
    render(wrap(mock.client, <WebhooksPage />));
    const ue = userEvent.setup();

    const row = (await screen.findByRole('cell', { name: HOOK.url })).closest('tr')!;
    expect(within(row).getByText('SESSION_STARTED, SESSION_ENDED')).toBeInTheDocument();
    const log = screen.getByRole('region', { name: `Recent deliveries to ${HOOK.url}` });
    const delivery = within(log).getByRole('cell', { name: 'SESSION_ENDED' }).closest('tr')!;
    expect(within(delivery).getByText('Pending')).toBeInTheDocument();
    expect(within(delivery).getByText('The endpoint answered 503 Service Unavailable')).toBeInTheDocument();
    expect(within(delivery).getByText(/^in /)).toBeInTheDocument(); // the next attempt, ahead

    await ue.click(screen.getByRole('button', { name: 'Add endpoint' }));
    const dialog = screen.getByRole('dialog', { name: 'Add webhook endpoint' });
    const url = within(dialog).getByLabelText('URL (https://)');
    await ue.clear(url);
    await ue.type(url, 'https://10.0.0.5/hook');
    await ue.click(within(dialog).getByLabelText(/A session started/)); // left out
    await ue.click(within(dialog).getByRole('button', { name: 'Add endpoint' }));
    expect(await within(dialog).findByText('The URL must not be a private, loopback or link-local address.')).toBeInTheDocument();
    await waitFor(() => expect(url).toHaveFocus());
    expect(url).toHaveAccessibleDescription('The URL must not be a private, loopback or link-local address.');

    refuseURL = false;
    await ue.clear(url);
    await ue.type(url, 'https://receiver.example.net/hook');
    await ue.click(within(dialog).getByRole('button', { name: 'Add endpoint' }));
    const shown = await screen.findByRole('dialog', { name: 'Endpoint https://receiver.example.net/hook added' });
    expect(within(shown).getByTestId('webhook-secret')).toHaveTextContent('whsec-shown-once');
    const sent = mock.calls.filter((c) => opName(c.query) === 'CreateWebhook').at(-1)?.variables;
    expect(sent).toEqual({ input: { url: 'https://receiver.example.net/hook', events: ['SESSION_ENDED', 'POLICY_UPDATED'] } });
    await ue.click(within(shown).getByRole('button', { name: 'Copy secret' }));
    expect(await navigator.clipboard.readText()).toBe('whsec-shown-once'); // user-event's clipboard
    await ue.click(within(shown).getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('whsec-shown-once')).not.toBeInTheDocument();

    await ue.click(within(row).getByRole('button', { name: `Send test to ${HOOK.url}` }));
    expect(await screen.findByText(/did not answer 2xx within 10 seconds/)).toBeInTheDocument();
    expect(tests).toBe(1);

    await ue.click(within(row).getByRole('button', { name: `Delete ${HOOK.url}` }));
    const confirm = screen.getByRole('dialog', { name: `Delete ${HOOK.url}?` });
    expect(mock.calls.some((c) => opName(c.query) === 'DeleteWebhook')).toBe(false);
    await ue.click(within(confirm).getByRole('button', { name: 'Delete endpoint' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(mock.calls.filter((c) => opName(c.query) === 'DeleteWebhook').map((c) => c.variables)).toEqual([{ id: 'w1' }]);
    expect(screen.getByText(`Deleted the endpoint ${HOOK.url}: it receives no more events.`)).toBeInTheDocument();
  });
});
