// End-to-end flows of the account lifecycle that need a server of their own (they seed the
// member and the policy afresh): changing one's password, an admin's password reset, and the
// absolute lifetime's warning and ending (about a minute of waiting). run.mjs runs them.
import { ADMIN, MEMBER, api, apiLogin, assert, shot, signIn, test, waitForSignedOut } from './harness.mjs';

const NEW_MEMBER_PASSWORD = 'member-password-2';
const RESET_MEMBER_PASSWORD = 'member-password-3';

export async function accountFlows({ go, base, newPage }) {
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
    await shot(here, 'accounts-01-change-password-wrong-current');
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
    await row.getByRole('button', { name: `Reset password of ${MEMBER.name}` }).click();
    const dialog = admin.getByRole('dialog', { name: `Reset ${MEMBER.name}'s password?` });
    await dialog.getByText(`This ends ${MEMBER.name}'s 2 active sessions.`).waitFor();
    await dialog.getByLabel('New password').fill('short');
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await dialog.locator('#reset-password-error').filter({ hasText: 'The new password must be 8 to 256 characters.' }).waitFor({ timeout: 3000 });
    await dialog.getByLabel('New password').fill(RESET_MEMBER_PASSWORD);
    await shot(admin, 'accounts-02-reset-password-confirm');
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await Promise.all([here, elsewhere].map((p) => waitForSignedOut(p, 'your password was changed', 3000)));
    await admin.getByText(`Reset ${MEMBER.name}'s password.`).waitFor({ timeout: 3000 });
    await signIn(here, base, { ...MEMBER, password: RESET_MEMBER_PASSWORD });
  });

  await test('a one-minute absolute lifetime set with the form: the console warns before the end, then the session ends', async () => {
    const admin = await newPage();
    await signIn(admin, base, ADMIN);
    await admin.getByRole('switch', { name: 'Absolute Session Lifetime' }).check();
    await admin.getByLabel('Maximum lifetime').fill('1');
    await admin.getByLabel('Lifetime unit').selectOption('MINUTES');
    await admin.getByRole('button', { name: 'Save', exact: true }).click();
    const dialog = admin.getByRole('dialog', { name: 'Saving will end sessions' });
    if (await dialog.isVisible().catch(() => false)) {
      await dialog.getByText('signed in longer ago than the new lifetime').waitFor();
      await shot(admin, 'accounts-03-lifetime-preview');
      await dialog.getByRole('button', { name: /^End \d+ now and save/ }).click();
    }
    await admin.getByText('Session policy saved.').waitFor({ timeout: 3000 });
    const p = (await api(go.url, '{ sessionPolicy { absoluteLifetimeEnabled absoluteLifetime { value unit } } }', {}, await apiLogin(go.url, ADMIN))).sessionPolicy;
    assert(p.absoluteLifetimeEnabled && p.absoluteLifetime.value === 1 && p.absoluteLifetime.unit === 'MINUTES', `lifetime saved: ${JSON.stringify(p)}`);

    const member = await newPage();
    const t0 = Date.now();
    await signIn(member, base, { ...MEMBER, password: RESET_MEMBER_PASSWORD });
    // A fifth of one minute before the end: about 48 s after the login.
    await member.getByRole('alert').filter({ hasText: /Your session ends at .*: sign in again then/ }).waitFor({ timeout: 60_000 });
    const warnedAfter = Date.now() - t0;
    assert(warnedAfter > 40_000, `the warning came ${warnedAfter} ms after login, not long before the end`);
    assert((await member.getByRole('button', { name: /stay signed in/i }).count()) === 0, 'nothing offers to extend the lifetime');
    await shot(member, 'accounts-04-lifetime-warning');
    const notice = member.getByTestId('signed-out-notice');
    await notice.waitFor({ timeout: 20_000 });
    const said = await notice.textContent();
    assert(said.includes('the session reached its maximum lifetime'), `signed out with the lifetime's reason: "${said}"`);
    await shot(member, 'accounts-05-lifetime-ended');
  });
}

