// End-to-end flows that wait for server work merged from other branches: changePassword and
// resetUserPassword (and, below, the absolute lifetime). NOT part of `npm run e2e`: run it with
//   node e2e/pending-passwords-lifetime.mjs     (E2E_SKIP_BUILD=1 to reuse dist/)
// once those resolvers are in; then move these flows into run.mjs.
import { ADMIN, MEMBER, api, apiLogin, runE2E, runMain, shot, signIn, test, waitForSignedOut } from './harness.mjs';

const NEW_MEMBER_PASSWORD = 'member-password-2';
const RESET_MEMBER_PASSWORD = 'member-password-3';

async function flows({ go, base, newPage }) {
  const adminToken = await apiLogin(go.url, ADMIN);
  await api(go.url, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { ...MEMBER, role: 'MEMBER' } }, adminToken);
  // Two sessions per user, so that a password change has another session to end.
  await api(go.url, `mutation { updateSessionPolicy(input: { limitMultipleSessions: true, maxConcurrentSessions: 3, idleTimeoutEnabled: false }) { effectiveMaxConcurrentSessions } }`, {}, adminToken);

  const here = await newPage();
  const elsewhere = await newPage();
  await test('changing my password shows a wrong current password next to the field, then signs out my other session', async () => {
    await signIn(here, base, MEMBER);
    await signIn(elsewhere, base, MEMBER);
    await here.getByRole('link', { name: 'Change password' }).click();
    await here.getByLabel('Current password').fill('not-my-password');
    await here.getByLabel('New password', { exact: true }).fill(NEW_MEMBER_PASSWORD);
    await here.getByLabel('Confirm new password').fill(NEW_MEMBER_PASSWORD);
    await here.getByRole('button', { name: 'Change password' }).click();
    await here.locator('#current-password-error').filter({ hasText: /current password/i }).waitFor({ timeout: 3000 });
    await shot(here, 'pending-01-change-password-wrong-current');
    await here.getByLabel('Current password').fill(MEMBER.password);
    await here.getByRole('button', { name: 'Change password' }).click();
    await here.getByText('Password changed. Your other sessions were signed out.').waitFor({ timeout: 3000 });
    await waitForSignedOut(elsewhere, 'your password was changed', 3000);
    await here.getByTestId('user-name').filter({ hasText: MEMBER.name }).waitFor({ timeout: 500 });
    await signIn(elsewhere, base, { ...MEMBER, password: NEW_MEMBER_PASSWORD });
  });

  await test("an admin resets a member's password: the confirmation names the sessions, and they end", async () => {
    const admin = await newPage();
    await signIn(admin, base, ADMIN);
    await admin.getByRole('link', { name: 'Users', exact: true }).click();
    const row = admin.locator('table.users tbody tr', { hasText: MEMBER.name });
    await row.locator('td[data-label="Active sessions"]').filter({ hasText: '2' }).waitFor({ timeout: 5000 });
    await row.getByRole('button', { name: `Reset the password of ${MEMBER.name}` }).click();
    const dialog = admin.getByRole('dialog', { name: `Reset ${MEMBER.name}'s password?` });
    await dialog.getByText(`This ends ${MEMBER.name}'s 2 active sessions.`).waitFor();
    await dialog.getByLabel('New password').fill('short');
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await dialog.locator('#reset-password-error').filter({ hasText: 'The new password must be 8 to 256 characters.' }).waitFor({ timeout: 3000 });
    await dialog.getByLabel('New password').fill(RESET_MEMBER_PASSWORD);
    await shot(admin, 'pending-02-reset-password-confirm');
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await Promise.all([here, elsewhere].map((p) => waitForSignedOut(p, 'your password was changed', 3000)));
    await admin.getByText(`Reset ${MEMBER.name}'s password.`).waitFor({ timeout: 3000 });
    await signIn(here, base, { ...MEMBER, password: RESET_MEMBER_PASSWORD });
  });
}

runMain(() => runE2E(flows));
