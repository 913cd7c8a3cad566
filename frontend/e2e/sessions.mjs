// The sessions table against the real server: sorted by end time, paged, and the view (filter,
// sort, page) kept in the URL so a reload and Back restore it. Runs inside run.mjs with the
// admin's page.
import { MEMBER, api, apiLogin, assert, test, until } from './harness.mjs';

export async function sessionsTableFlows({ go, base, admin }) {
  await test('sessions sorted by end time and paged: a reload and Back restore the view', async () => {
    // More ended sessions than one page of 20 holds, whatever the policy: log in and out.
    for (let i = 0; i < 22; i++) await api(go.url, `mutation { logout }`, {}, await apiLogin(go.url, MEMBER));

    await admin.goto(base + '/#/session-management');
    await admin.getByRole('radio', { name: 'Terminated' }).check();
    await admin.getByRole('button', { name: /^Ended/ }).click();
    const ended = admin.getByRole('columnheader', { name: /^Ended/ });
    await admin.waitForURL(/sort=endedAt/);
    // The router renders the new URL in a transition: wait for the header, not just the URL.
    await until(async () => (await ended.getAttribute('aria-sort')) === 'descending', { message: 'the Ended column sorting latest first' });

    const rows = admin.locator('table.sessions tbody tr[data-session-id]');
    // Until the ended sessions have arrived: the view shows the previous filter's page count
    // (and rows) while the new one loads.
    let pages = 0;
    await until(
      async () => {
        const counter = await admin.getByText(/^Page 1 of \d+$/).innerText({ timeout: 1000 }).catch(() => '');
        pages = Number(/of (\d+)/.exec(counter)?.[1] ?? 0);
        const statuses = await rows.evaluateAll((rs) => rs.map((r) => r.dataset.status));
        return pages >= 2 && statuses.length > 0 && statuses.every((s) => s === 'TERMINATED');
      },
      { message: 'at least two pages of ended sessions' },
    );
    const firstPage = await rows.evaluateAll((rs) => rs.map((r) => r.dataset.sessionId));
    await admin.getByRole('button', { name: 'Next', exact: true }).click();
    await admin.getByText(`Page 2 of ${pages}`).waitFor();
    await admin.waitForURL(/after=/);
    const ids = () => rows.evaluateAll((rs) => rs.map((r) => r.dataset.sessionId));
    await until(async () => (await ids())[0] !== firstPage[0], { message: 'page 2 arrives' });
    const secondPage = await ids();
    assert(secondPage.length > 0 && !secondPage.some((id) => firstPage.includes(id)), 'page 2 holds other sessions');

    await admin.reload();
    await admin.getByText(`Page 2 of ${pages}`).waitFor();
    await until(async () => JSON.stringify(await ids()) === JSON.stringify(secondPage), { message: 'the reload shows the same page' });
    assert(await admin.getByRole('radio', { name: 'Terminated' }).isChecked(), 'the filter is restored');
    assert((await ended.getAttribute('aria-sort')) === 'descending', 'the sort is restored');
    const statuses = await rows.evaluateAll((rs) => rs.map((r) => r.dataset.status));
    assert(statuses.every((s) => s === 'TERMINATED'), `only ended sessions: ${statuses}`);

    await admin.goBack();
    await admin.getByText(`Page 1 of ${pages}`).waitFor();
    await admin.getByRole('button', { name: 'Last', exact: true }).click();
    await admin.getByText(`Page ${pages} of ${pages}`).waitFor();
    assert((await admin.getByRole('button', { name: 'Next', exact: true }).isDisabled()), 'Next is off on the last page');
  });
}
