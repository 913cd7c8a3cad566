import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { UserPage } from './UserPage';
import { adminMe, mockClient, opName, wrap } from './test-utils';

const mia = { id: 'u1', name: 'Mia Member', email: 'mia@x.test', role: 'MEMBER' as const };

/** The user's page for userId: 3 active and 7 ended sessions; the count the dialog asks is active. */
function setup(userId: string, user = mia) {
  window.history.replaceState(null, '', `/#/users/${userId}`);
  const { client, calls } = mockClient((op) => {
    const v = op.variables as { first?: number; filter?: { status?: string } };
    switch (opName(op.query)) {
      case 'UserSessionCounts':
        return { data: { active: { totalCount: 3 }, ended: { totalCount: 7 }, latest: { nodes: [{ id: 's9', user }] } } };
      case 'Sessions':
        return {
          data: {
            sessions: { totalCount: v.first === 0 ? 3 : 0, pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: null }, nodes: [] },
          },
        };
      case 'TerminateAll':
        return { data: { terminateAllSessions: { terminatedCount: 3 } } };
    }
  });
  render(
    wrap(
      client,
      <Routes>
        <Route path="users/:userId" element={<UserPage />} />
      </Routes>,
    ),
  );
  return { calls, ue: userEvent.setup() };
}

describe('UserPage', () => {
  afterEach(() => window.history.replaceState(null, '', '/'));

  it("shows a user's counts, and ending all their sessions says how many, from the API", async () => {
    const { calls, ue } = setup('u1');
    expect(await screen.findByRole('heading', { name: 'Mia Member', level: 2 })).toBeInTheDocument();
    expect(await screen.findByTestId('active-count')).toHaveTextContent('3');
    expect(screen.getByTestId('ended-count')).toHaveTextContent('7');
    await ue.click(screen.getByRole('button', { name: "End all of this user's sessions" }));
    const dialog = await screen.findByRole('dialog', { name: 'End all sessions of Mia Member?' });
    expect(dialog).toHaveTextContent('3 active sessions will end now, on every device of Mia Member');
    const counted = calls.filter((c) => opName(c.query) === 'Sessions' && (c.variables as { first: number }).first === 0).at(-1);
    expect(counted?.variables).toMatchObject({ filter: { status: 'ACTIVE', userId: 'u1' } });
    await ue.click(within(dialog).getByRole('button', { name: 'End all their sessions' }));
    await screen.findByText('Ended 3 sessions.');
    expect(calls.find((c) => opName(c.query) === 'TerminateAll')?.variables).toEqual({ input: { userId: 'u1', keepCurrent: true } });
  });

  it("on the admin's own page, ending all keeps this session and says so", async () => {
    const { ue } = setup(adminMe.user.id, { ...mia, id: adminMe.user.id, name: adminMe.user.name, role: 'MEMBER' });
    await ue.click(await screen.findByRole('button', { name: 'End your other sessions' }));
    const dialog = await screen.findByRole('dialog', { name: 'End your other sessions?' });
    expect(dialog).toHaveTextContent('2 active sessions will end now, on your other devices and browsers. Your own current session is kept.');
    expect(screen.queryByRole('button', { name: "End all of this user's sessions" })).toBeNull();
  });
});
