// The Audit log page against the real server, after the Users flows: the deactivation of Uma is
// there with who did it, a user's entries are one click from the Users page and in the URL, and
// the CSV export downloads what the page shows. Runs inside run.mjs with the admin's page.
import { ADMIN, assert, shot, test } from './harness.mjs';

export async function auditFlows({ go, base, admin }) {
  const uma = 'Uma User';

  await test('the Audit log shows who deactivated Uma, and when', async () => {
    await admin.goto(base + '/#/session-management');
    await admin.getByRole('link', { name: 'Audit log', exact: true }).click();
    await admin.getByRole('heading', { name: 'Audit log', level: 2 }).waitFor();
    const row = admin.locator('table.audit tbody tr[data-action="USER_DEACTIVATED"]').first();
    await row.waitFor();
    assert((await row.locator('td[data-label="Who"]').innerText()).includes(ADMIN.name), 'the admin deactivated Uma');
    assert((await row.locator('td[data-label="Whom"]').innerText()).includes(uma), 'Uma was deactivated');
    await shot(admin, '40-audit-log');
  });

  await test('a new entry appears on the open Audit log as it is written', async () => {
    const failed = admin.locator('table.audit tbody tr[data-action="LOGIN_FAILED"]');
    const before = await failed.count();
    const r = await fetch(`${go.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($i: LoginInput!) { login(input: $i) { token } }', variables: { i: { email: ADMIN.email, password: 'not-the-password' } } }),
    });
    assert((await r.json()).errors, 'the wrong password is refused');
    await admin.waitForFunction((n) => document.querySelectorAll('table.audit tbody tr[data-action="LOGIN_FAILED"]').length > n, before, { timeout: 5000 });
  });

  await test("a user's entries are one click from the Users page, and the export holds them", async () => {
    await admin.goto(base + '/#/users');
    await admin.getByRole('link', { name: `Audit log of ${uma}` }).click();
    await admin.getByRole('heading', { name: `Entries of ${uma}` }).waitFor();
    assert(/#\/audit\?user=/.test(admin.url()), `the user is in the URL: ${admin.url()}`);
    const actions = await admin.locator('table.audit tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.action));
    for (const a of ['USER_CREATED', 'USER_DEACTIVATED', 'USER_REACTIVATED']) assert(actions.includes(a), `${a} among ${actions}`);
    const href = await admin.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    const res = await admin.request.get(base + href); // the page's cookie: as the console downloads it
    assert(res.status() === 200, `export answered ${res.status()}`);
    const csv = await res.text();
    assert(csv.startsWith('id,occurred_at,action,'), 'a header row');
    assert(csv.includes('USER_DEACTIVATED') && csv.includes(uma), 'the deactivation of Uma in the CSV');
  });
}
