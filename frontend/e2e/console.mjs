// Issue 12 against the real server: routing (links, Back/Forward, a shared link), a user's page
// with counts and End all counted by the API, a session's detail, focus and the skip link, honest
// loading and error states with Retry, the unsaved-policy guard, the layout at 1400×900 (with long
// names, and at phone width) and the idle warning. A flow set of its own (run.mjs): it seeds its
// users and a policy of up to ten sessions each; axe checks every view it visits.
import { ADMIN, MEMBER, api, apiLogin, assert, assertAccessible, shot, shotPath, signIn, test, until, waitForSignedOut } from './harness.mjs';

const LONG = { name: `Maximiliane-${'Alexandrowna'.repeat(6)} Long`, email: 'long@e2e.test', password: 'long-password-1' };

async function userId(goUrl, token, name) {
  const d = await api(goUrl, `query($s: String) { users(search: $s) { nodes { id name } } }`, { s: name }, token);
  return d.users.nodes.find((u) => u.name === name).id;
}

async function activeCount(goUrl, token, filter) {
  const d = await api(goUrl, `query($f: SessionFilter) { sessions(filter: $f, first: 0) { totalCount } }`, { f: { status: 'ACTIVE', ...filter } }, token);
  return d.sessions.totalCount;
}

const focused = (page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

export async function consoleFlows({ go, base, newPage }) {
  const token = await apiLogin(go.url, ADMIN);
  await api(go.url, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { ...MEMBER, role: 'MEMBER' } }, token);
  await api(go.url, `mutation { updateSessionPolicy(input: { limitMultipleSessions: true, maxConcurrentSessions: 10, idleTimeoutEnabled: false }) { effectiveMaxConcurrentSessions } }`, {}, token);
  await apiLogin(go.url, MEMBER); // a session of Mia's, which names her on her page
  const miaId = await userId(go.url, token, MEMBER.name);
  const adminId = await userId(go.url, token, ADMIN.name);
  const admin = await newPage();

  await test('axe finds nothing on the login page and on every page of the console', async () => {
    await admin.goto(base + '/');
    await assertAccessible(admin, 'the login page');
    await signIn(admin, base, ADMIN);
    for (const [tab, heading] of [['Session Management', 'Session Management'], ['Users', 'Users'], ['API keys', 'API keys'], ['Webhooks', 'Webhooks'], ['Audit log', 'Audit log'], ['Your sessions', 'Your sessions'], ['Change password', 'Change password']]) {
      await admin.getByRole('link', { name: tab, exact: true }).click();
      await admin.getByRole('heading', { name: heading, level: 2 }).waitFor();
      await admin.waitForLoadState('networkidle').catch(() => {});
      await assertAccessible(admin, tab);
    }
  });

  await test('routing: tabs are links, Back and Forward walk them, a shared link opens its page after sign-in', async () => {
    await admin.goto(base + '/#/session-management');
    await admin.getByRole('link', { name: 'Users', exact: true }).click();
    await admin.getByRole('heading', { name: 'Users', level: 2 }).waitFor();
    await admin.getByRole('link', { name: 'Audit log', exact: true }).click();
    await admin.getByRole('heading', { name: 'Audit log', level: 2 }).waitFor();
    assert((await admin.getByRole('link', { name: 'Audit log', exact: true }).getAttribute('aria-current')) === 'page', 'the tab of the page is marked current');
    await admin.goBack();
    await admin.getByRole('heading', { name: 'Users', level: 2 }).waitFor();
    await admin.goForward();
    await admin.getByRole('heading', { name: 'Audit log', level: 2 }).waitFor();

    const shared = await newPage();
    await shared.goto(`${base}/#/users/${miaId}?status=ALL`);
    await shared.getByLabel('Email').fill(ADMIN.email);
    await shared.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await shared.getByRole('button', { name: 'Sign in' }).click();
    await shared.getByRole('heading', { name: MEMBER.name, level: 2 }).waitFor({ timeout: 5000 });
    assert(await shared.getByRole('radio', { name: 'All' }).isChecked(), 'the shared link\'s filter is restored');
    await shared.getByRole('button', { name: 'Logout', exact: true }).click();
    await shared.context().close();
  });

  await test("a user's page from their name: counts, and End all says how many (from the API) and ends them", async () => {
    await apiLogin(go.url, MEMBER);
    await apiLogin(go.url, MEMBER);
    await admin.goto(base + '/#/session-management');
    await admin.locator('table.sessions tbody tr', { hasText: MEMBER.name }).first().getByRole('link', { name: MEMBER.name }).click();
    await admin.getByRole('heading', { name: MEMBER.name, level: 2 }).waitFor();
    assert(admin.url().endsWith(`#/users/${miaId}`), `the user's page has its URL: ${admin.url()}`);
    const expected = await activeCount(go.url, token, { userId: miaId });
    assert(expected >= 1, `Mia has active sessions: ${expected}`);
    await until(async () => (await admin.getByTestId('active-count').innerText()) === String(expected), { message: 'the active count' });
    assert(/^\d+$/.test(await admin.getByTestId('ended-count').innerText()), 'an ended count');
    assert((await admin.getByRole('button', { name: /^End all$/ }).count()) === 0, 'no End all on rows');
    await assertAccessible(admin, "a user's page");
    await shot(admin, '50-user-page');

    await admin.getByRole('button', { name: "End all of this user's sessions" }).click();
    const dialog = admin.getByRole('dialog', { name: `End all sessions of ${MEMBER.name}?` });
    await dialog.getByTestId('end-all-count').filter({ hasText: `${expected} active session${expected === 1 ? '' : 's'} will end now` }).waitFor();
    await assertAccessible(admin, 'the End all confirmation');
    await shot(admin, '51-user-end-all-confirm');
    await dialog.getByRole('button', { name: 'End all their sessions' }).click();
    await admin.getByText(`Ended ${expected} session${expected === 1 ? '' : 's'}.`).waitFor({ timeout: 3000 });
    assert((await focused(admin)).startsWith('Ended'), `focus on what happened, not <body>: "${await focused(admin)}"`);
    await until(async () => (await admin.getByTestId('active-count').innerText()) === '0', { message: 'no active session left' });
  });

  await test("the admin's own page and row offer no way to end this session by accident", async () => {
    await admin.goto(`${base}/#/users/${adminId}`);
    await admin.getByRole('heading', { name: ADMIN.name, level: 2 }).waitFor();
    await admin.getByRole('button', { name: 'End your other sessions' }).waitFor();
    assert((await admin.getByRole('button', { name: "End all of this user's sessions" }).count()) === 0, 'no End all of oneself');
    const own = admin.locator('table.sessions tbody tr', { hasText: 'this session' });
    await own.waitFor();
    assert((await own.getByRole('button', { name: /^Logout/ }).count()) === 0, 'no Logout on the current session');
    await admin.getByRole('button', { name: 'End your other sessions' }).click();
    const dialog = admin.getByRole('dialog', { name: 'End your other sessions?' });
    const others = (await activeCount(go.url, token, { userId: adminId })) - 1;
    await dialog.getByText(`Your own current session is kept.`).waitFor();
    assert((await dialog.getByTestId('end-all-count').innerText()).includes(others === 0 ? 'nothing ends' : `${others} active session`), 'the count of the others');
    await admin.keyboard.press('Escape');
    assert((await focused(admin)) === 'End your other sessions', 'Escape returns focus to the button');
  });

  await test("a session's detail: the full User-Agent, who ended it and why, the id to copy", async () => {
    await admin.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await admin.goto(`${base}/#/users/${adminId}`);
    const own = admin.locator('table.sessions tbody tr', { hasText: 'this session' });
    await own.getByRole('button', { name: /^Details of/ }).click();
    const detail = admin.locator('.session-detail');
    const ua = await admin.evaluate(() => navigator.userAgent);
    await detail.getByText(ua, { exact: true }).waitFor();
    const id = await own.getAttribute('data-session-id');
    await detail.getByRole('button', { name: `Copy session ID ${id}` }).click();
    await detail.getByText('Session ID copied.').waitFor();
    assert((await admin.evaluate(() => navigator.clipboard.readText())) === id, 'the id is on the clipboard');
    await assertAccessible(admin, "a session's detail");
    await shot(admin, '52-session-detail');

    await admin.goto(`${base}/#/users/${miaId}?status=TERMINATED`);
    const ended = admin.locator('table.sessions tbody tr[data-status="TERMINATED"]').first();
    await ended.getByRole('button', { name: /^Details of/ }).click();
    await admin.locator('.session-detail').getByText(/: .+, by Ada Admin$/).waitFor(); // ended by End all, above
  });

  await test('messages and focus: a skip link to the table, focus to the first field in error', async () => {
    await admin.goto(base + '/#/session-management');
    await admin.reload(); // focus starts at the top of the page
    await admin.locator('table.sessions tbody tr').first().waitFor();
    await admin.keyboard.press('Tab');
    assert((await focused(admin)) === 'Skip to the table', `the first Tab reaches the skip link: "${await focused(admin)}"`);
    await admin.keyboard.press('Enter');
    assert(await admin.evaluate(() => document.activeElement?.matches('.table-wrap') && !!document.activeElement.querySelector('table.sessions')), 'Enter moves focus to the sessions table');

    await admin.getByRole('switch', { name: 'Idle Session Timeout' }).check();
    await admin.getByLabel('Idle timeout', { exact: true }).fill('');
    const hint = await admin.getByLabel('Idle timeout', { exact: true }).getAttribute('aria-describedby');
    assert(hint === 'idleTimeoutValue-hint', `the range is a hint before any error: ${hint}`);
    await admin.getByRole('button', { name: 'Save', exact: true }).click();
    const error = admin.locator('#idleTimeoutValue-error');
    await error.waitFor({ timeout: 3000 });
    const text = await error.innerText();
    assert(!/[a-z][A-Z]/.test(text) && text.includes('Idle timeout'), `plain words, named as the form labels it: "${text}"`);
    assert(await admin.evaluate(() => document.activeElement?.id === 'idleTimeoutValue'), 'focus on the field in error');
    await assertAccessible(admin, 'the policy form with an error');
    await shot(admin, '53-policy-plain-error');
  });

  await test('leaving the policy form with unsaved edits asks first', async () => {
    // The idle timeout switched on above is not saved.
    await admin.getByRole('link', { name: 'Users', exact: true }).click();
    const dialog = admin.getByRole('dialog', { name: 'Leave without saving?' });
    await dialog.waitFor();
    await assertAccessible(admin, 'the unsaved-edits question');
    await shot(admin, '54-unsaved-policy');
    await dialog.getByRole('button', { name: 'Stay and keep editing' }).click();
    assert(admin.url().endsWith('#/session-management'), `still on the policy: ${admin.url()}`);
    assert(await admin.getByRole('switch', { name: 'Idle Session Timeout' }).isChecked(), 'the edit is kept');
    await admin.getByRole('link', { name: 'Users', exact: true }).click();
    await dialog.getByRole('button', { name: 'Leave without saving' }).click();
    await admin.getByRole('heading', { name: 'Users', level: 2 }).waitFor();
  });

  await test('loading, empty and error are told apart, and Retry loads the sessions', async () => {
    let release;
    const held = new Promise((r) => (release = r));
    let fail = false;
    await admin.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (!body.includes('query Sessions(')) return route.continue();
      if (fail) return route.abort();
      await held;
      return route.continue();
    });
    await admin.goto(base + '/#/session-management?status=TERMINATED&search=nobody-matches-this');
    await admin.getByText('Loading sessions…').first().waitFor();
    assert((await admin.getByText('No sessions match.').count()) === 0, 'no "No sessions match." while loading');
    release();
    await admin.getByText('No sessions match.').waitFor();

    fail = true;
    await admin.reload();
    const alert = admin.getByRole('alert').filter({ hasText: 'Could not load the sessions' });
    await alert.waitFor();
    assert((await admin.getByText('No sessions match.').count()) === 0, 'no "No sessions match." on an error');
    await admin.getByText('The sessions could not be loaded.').waitFor();
    await assertAccessible(admin, 'the sessions that could not be loaded');
    await shot(admin, '55-sessions-load-error');
    fail = false;
    await alert.getByRole('button', { name: 'Retry' }).click();
    await admin.getByText('No sessions match.').waitFor({ timeout: 5000 });
    assert((await alert.count()) === 0, 'the error is gone after Retry');
    await admin.unroute('**/graphql');
  });

  await test('layout: at 1400×900 the sessions table is in view; long names wrap; phone cards are compact', async () => {
    const t = await apiLogin(go.url, ADMIN);
    await api(go.url, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { ...LONG, role: 'MEMBER' } }, t);
    await apiLogin(go.url, LONG);
    await api(go.url, `mutation { logout }`, {}, t);

    const wide = await newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(wide, base, ADMIN);
    const table = wide.locator('table.sessions');
    await wide.locator('table.sessions tbody tr', { hasText: LONG.name }).waitFor();
    const box = await table.boundingBox();
    const row = await wide.locator('table.sessions tbody tr').first().boundingBox();
    assert(box && box.y < 900 && row && row.y + row.height <= 900, `the table and its first row are above the fold: table at ${box?.y}, first row ends at ${row && row.y + row.height}`);
    const scroll = await wide.evaluate(() => ({ y: window.scrollY, wide: document.documentElement.scrollWidth > window.innerWidth + 1 }));
    assert(scroll.y === 0 && !scroll.wide, `no scrolling needed, no overflow: ${JSON.stringify(scroll)}`);
    const wrap = await wide.locator('.sessions-panel .table-wrap').evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
    assert(wrap, 'the long name wraps inside the table, no sideways scrolling');
    assert((await wide.getByRole('columnheader', { name: /Session Status|^Ended/ }).count()) === 0, 'no Status or Ended column in the Active view');
    await assertAccessible(wide, 'Session Management at 1400×900');
    await wide.screenshot({ path: shotPath('56-session-management-1400x900') });

    const phone = await newPage({ viewport: { width: 390, height: 844 } });
    await signIn(phone, base, ADMIN);
    await phone.locator('table.sessions tbody tr', { hasText: LONG.name }).waitFor();
    assert(!(await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)), 'no sideways scrolling at 390 px');
    const labels = await phone.locator('table.sessions tbody td:visible').evaluateAll((tds) => tds.map((td) => td.dataset.label));
    assert(!labels.includes('Ended') && !labels.includes('Session Status'), `no "Ended: —" nor an always-Active status in phone cards: ${[...new Set(labels)]}`);
    await assertAccessible(phone, 'Session Management at phone width');
    await shot(phone, '57-phone-cards');
    await Promise.all([wide, phone].map((p) => p.context().close()));
  });

  await test('the idle warning comes 20 s ahead of a one-minute timeout, with Stay signed in and Sign out now', async () => {
    // Members only, so that the admin's page is not timed out meanwhile.
    await api(go.url, `mutation($i: SessionPolicyInput!) { updateSessionPolicy(input: $i) { effectiveMaxConcurrentSessions } }`, {
      i: { limitMultipleSessions: true, maxConcurrentSessions: 10, idleTimeoutEnabled: false, roleOverrides: [{ role: 'MEMBER', idleTimeoutEnabled: true, idleTimeoutValue: 1, idleTimeoutUnit: 'MINUTES' }] },
    }, token);
    const member = await newPage();
    await signIn(member, base, MEMBER);
    const dialog = member.getByRole('alertdialog', { name: 'Are you still there?' });
    await dialog.waitFor({ timeout: 60_000 });
    const left = await member.getByTestId('idle-remaining').innerText();
    const seconds = Number(/^0:(\d\d)$/.exec(left)?.[1]);
    assert(seconds > 10 && seconds <= 20, `warned about 20 s ahead, not 12: ${left} left`);
    assert((await focused(member)) === 'Stay signed in', 'focus on Stay signed in');
    await dialog.getByRole('button', { name: 'Sign out now' }).waitFor();
    await assertAccessible(member, 'the idle warning');
    await shot(member, '58-idle-warning');
    await dialog.getByRole('button', { name: 'Sign out now' }).click();
    await waitForSignedOut(member, 'You have signed out', 3000);
    await member.context().close();
  });
}
