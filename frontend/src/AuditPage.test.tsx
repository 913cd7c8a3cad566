import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuditPage } from './AuditPage';
import { mockClient, opName, wrap } from './test-utils';
import type { AuditRowFragment } from './gql/graphql';

const ada = { id: 'u-ada', name: 'Ada Admin' };
const ann = { id: 'u-ann', name: 'Ann Member' };

function entry(over: Partial<AuditRowFragment>): AuditRowFragment {
  return {
    id: 'a1', occurredAt: '2026-12-01T10:00:00Z', action: 'USER_DEACTIVATED', actor: ada, targetUser: ann,
    endReason: null, endReasonText: null, endedSessionCount: null, ip: '203.0.113.9', city: 'Berlin', device: 'Firefox on Linux',
    ...over,
  };
}

const entries = [
  entry({ id: 'a2', action: 'SESSIONS_ENDED', endReason: 'USER_DEACTIVATED', endReasonText: 'your account was deactivated', endedSessionCount: 2 }),
  entry({ id: 'a1' }),
  entry({ id: 'a0', action: 'SESSIONS_ENDED', actor: null, targetUser: ann, endReason: 'IDLE_TIMEOUT', endReasonText: 'idle timeout', endedSessionCount: 1, ip: null, city: null, device: null }),
];

function setup() {
  const mock = mockClient((op) =>
    opName(op.query) === 'AuditEvents'
      ? { data: { auditEvents: { totalCount: entries.length, pageInfo: { hasNextPage: false, endCursor: 'c' }, nodes: entries } } }
      : undefined,
  );
  render(wrap(mock.client, <AuditPage />));
  const vars = () => mock.calls.filter((c) => opName(c.query) === 'AuditEvents').map((c) => c.variables);
  return { vars, ue: userEvent.setup() };
}

describe('AuditPage', () => {
  beforeEach(() => window.history.replaceState(null, '', '/#/audit'));
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('shows who did what to whom, from where, in words', async () => {
    setup();
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(1 + entries.length)); // not the select's option
    const [ended, deactivated, idle] = screen.getAllByRole('row').slice(1).map((r) => within(r));
    expect(ended.getByText('Sessions ended')).toBeInTheDocument();
    expect(ended.getByText('2 sessions: your account was deactivated')).toBeInTheDocument();
    expect(deactivated.getByRole('button', { name: 'Entries of Ada Admin' })).toBeInTheDocument();
    expect(deactivated.getByText('203.0.113.9 · Berlin · Firefox on Linux')).toBeInTheDocument();
    expect(idle.getByText('System')).toBeInTheDocument(); // an idle timeout is nobody's doing
    expect(idle.getByText('1 session: idle timeout')).toBeInTheDocument();
  });

  it('keeps the action and the user in the URL, and exports what it shows', async () => {
    const { vars, ue } = setup();
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(1 + entries.length));
    await ue.selectOptions(screen.getByLabelText('What'), 'USER_DEACTIVATED');
    await waitFor(() => expect(window.location.hash).toBe('#/audit?action=USER_DEACTIVATED'));
    await ue.click(screen.getAllByRole('button', { name: 'Entries of Ann Member' })[0]);
    await waitFor(() => expect(window.location.hash).toBe('#/audit?action=USER_DEACTIVATED&user=u-ann'));
    await waitFor(() => expect(vars().at(-1)).toMatchObject({ filter: { actions: ['USER_DEACTIVATED'], userId: 'u-ann' } }));
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute('href', '/export/audit.csv?actions=USER_DEACTIVATED&userId=u-ann');
    expect(screen.getByRole('heading', { name: 'Entries of Ann Member' })).toBeInTheDocument();
    await ue.click(screen.getByRole('button', { name: 'Show everyone' }));
    await waitFor(() => expect(window.location.hash).toBe('#/audit?action=USER_DEACTIVATED'));
  });
});
