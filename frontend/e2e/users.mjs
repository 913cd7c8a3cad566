// The Users page against the real server: add a user, change a role with a confirmation,
// deactivate (that user's open console is signed out with the reason), reactivate, search in the
// URL, and nothing of it for members. Runs inside run.mjs with the admin's signed-in page.
import { ADMIN, MEMBER, api, apiLogin, assert, shot, signIn, test, until, waitForSignedOut } from './harness.mjs';

const UMA = { name: 'Uma User', email: 'uma@e2e.test', password: 'uma-password-1' };

export async function usersFlows({ go, base, newPage, admin }) {
  const row = (name) => admin.locator('table.users tbody tr', { hasText: name });
  const activeSessions = (name) => row(name).locator('td[data-label="Active sessions"]');

  await test('admin adds a user on the Users page; a taken email is refused next to the field', async () => {
    await admin.goto(base + '/#/session-management');
    await admin.getByRole('link', { name: 'Users', exact: true }).click();
    await admin.getByRole('heading', { name: 'Users', level: 2 }).waitFor();
    await row(ADMIN.name).waitFor();
    await admin.getByRole('button', { name: 'Add user' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Add a user' });
    await dialog.getByLabel('Name').fill(UMA.name);
    await dialog.getByLabel('Email').fill(ADMIN.email);
    await dialog.getByLabel('Role').selectOption('MEMBER');
    await dialog.getByLabel('First password').fill(UMA.password);
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await dialog.locator('#new-user-email-error').filter({ hasText: 'The email address is already in use.' }).waitFor({ timeout: 3000 });
    await shot(admin, '16-users-add-taken-email');
    await dialog.getByLabel('Email').fill(UMA.email);
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await admin.getByText(`Added ${UMA.name} (${UMA.email}).`).waitFor({ timeout: 3000 });
    await row(UMA.name).filter({ hasText: 'Member' }).filter({ hasText: 'Never' }).waitFor();
    await shot(admin, '17-users-added');
  });

  await test('the last admin cannot demote themselves: the reason shows next to Role', async () => {
    await row(ADMIN.name).getByRole('button', { name: `Edit ${ADMIN.name}` }).click();
    await admin.getByRole('dialog', { name: `Edit ${ADMIN.name}` }).getByLabel('Role').selectOption('MEMBER');
    await admin.getByRole('button', { name: 'Save', exact: true }).click();
    const confirm = admin.getByRole('dialog', { name: 'Change your role to Member?' });
    await confirm.getByText('this one included').waitFor();
    await confirm.getByRole('button', { name: 'Change role' }).click();
    const error = admin.locator('#edit-user-role-error');
    await error.filter({ hasText: 'The new role would leave the account without an active administrator.' }).waitFor({ timeout: 3000 });
    await shot(admin, '18-users-last-admin');
    await admin.keyboard.press('Escape');
    await admin.getByRole('dialog').waitFor({ state: 'detached', timeout: 1000 });
    await admin.getByTestId('user-name').filter({ hasText: ADMIN.name }).waitFor({ timeout: 500 });
  });

  const uma = await newPage();
  await test('a role change asks first, names the sessions it ends, and signs that user out', async () => {
    await signIn(uma, base, UMA);
    await until(async () => (await activeSessions(UMA.name).textContent()) === '1', { message: "the Users table counts Uma's session, live" });
    await row(UMA.name).getByRole('button', { name: `Edit ${UMA.name}` }).click();
    await admin.getByLabel('Role').selectOption('ADMIN');
    await admin.getByRole('button', { name: 'Save', exact: true }).click();
    const confirm = admin.getByRole('dialog', { name: `Change ${UMA.name}'s role to Admin?` });
    await confirm.getByText(`This ends ${UMA.name}'s active session.`).waitFor();
    assert((await admin.evaluate(() => document.activeElement?.textContent)) === 'Cancel', 'focus on Cancel in the confirmation');
    await shot(admin, '19-users-role-confirm');
    await confirm.getByRole('button', { name: 'Change role' }).click();
    await waitForSignedOut(uma, 'your role changed', 3000);
    await admin.getByText(`${UMA.name} is now an admin.`).waitFor({ timeout: 3000 });
    await until(async () => (await activeSessions(UMA.name).textContent()) === '0', { message: 'no active session left' });
    await shot(uma, '20-users-role-changed-signed-out');
  });

  await test("deactivating a user ends their session at once; they cannot sign in", async () => {
    await signIn(uma, base, UMA);
    await uma.getByRole('heading', { name: 'Session Management' }).waitFor(); // signed in as an admin now
    await until(async () => (await activeSessions(UMA.name).textContent()) === '1', { message: "Uma's new session counted" });
    await row(UMA.name).getByRole('button', { name: `Deactivate ${UMA.name}` }).click();
    const dialog = admin.getByRole('dialog', { name: `Deactivate ${UMA.name}?` });
    await dialog.getByText(`This ends ${UMA.name}'s active session.`).waitFor();
    await shot(admin, '21-users-deactivate-confirm');
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await waitForSignedOut(uma, 'your account was deactivated', 3000);
    await row(UMA.name).filter({ hasText: 'Deactivated' }).waitFor({ timeout: 3000 });
    await uma.getByLabel('Email').fill(UMA.email);
    await uma.getByLabel('Password', { exact: true }).fill(UMA.password);
    await uma.getByRole('button', { name: 'Sign in' }).click();
    await uma.getByRole('alert').filter({ hasText: 'The email or password is not correct.' }).waitFor({ timeout: 3000 });
    await shot(admin, '22-users-deactivated');
  });

  await test('reactivating lets the user sign in again', async () => {
    await row(UMA.name).getByRole('button', { name: `Reactivate ${UMA.name}` }).click();
    await admin.getByText(`${UMA.name} can sign in again.`).waitFor({ timeout: 3000 });
    await row(UMA.name).filter({ hasText: 'Active' }).waitFor();
    await signIn(uma, base, UMA);
  });

  await test('the search is in the URL: a reload keeps it', async () => {
    await admin.getByRole('searchbox', { name: 'Search' }).fill('uma');
    await until(async () => admin.url().endsWith('#/users?search=uma'), { message: 'the search in the URL' });
    await until(async () => (await admin.locator('table.users tbody tr').count()) === 1, { message: 'only Uma listed' });
    await admin.reload();
    await row(UMA.name).waitFor({ timeout: 5000 });
    assert((await admin.getByRole('searchbox', { name: 'Search' }).inputValue()) === 'uma', 'the box shows the search after a reload');
    assert((await row(ADMIN.name).count()) === 0, 'the admin is filtered out after the reload');
  });

  await test('members see no Users page, and the API refuses them (FORBIDDEN)', async () => {
    const member = await newPage();
    await signIn(member, base, MEMBER);
    await member.goto(base + '/#/users');
    await member.getByRole('heading', { name: 'Your sessions' }).waitFor();
    assert((await member.getByRole('link', { name: 'Users', exact: true }).count()) === 0, 'no Users link for a member');
    const token = await apiLogin(go.url, MEMBER);
    const refused = await api(go.url, '{ users { totalCount } }', {}, token).then(
      () => '',
      (e) => e.message,
    );
    assert(refused.includes('FORBIDDEN'), `users answers FORBIDDEN to a member: ${refused}`);
    await member.context().close();
  });
  await uma.context().close();
}
