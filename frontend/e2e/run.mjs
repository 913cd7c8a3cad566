// End-to-end tests: the real Go server (built from .. after the console, so it embeds the fresh
// dist/) serving the console and the API, on a fresh SQLite file and, when TEST_DATABASE_URL names
// a PostgreSQL database, once more on a fresh schema there; Debian's Chromium driven by
// playwright-core reaches it through a TCP relay that can cut websockets (e2e/server.mjs).
//   npm run e2e            (builds the console first; E2E_SKIP_BUILD=1 to reuse dist/)
// Screenshots: e2e/screenshots/*.png (prefixed postgres- for the PostgreSQL run)
import fs from 'node:fs';
import path from 'node:path';
import { ADMIN, MEMBER, api, apiLogin, assert, frontend, runE2E, runMain, shot, signIn, test, until, waitForSignedOut } from './harness.mjs';
import { usersFlows } from './users.mjs';
import { accountFlows } from './accounts.mjs';
import { auditFlows } from './audit.mjs';
import { sessionsTableFlows } from './sessions.mjs';
import { consoleFlows } from './console.mjs';
import { integrationFlows } from './integrations.mjs';

const memberRows = (page) => page.locator('table.sessions tbody tr', { hasText: MEMBER.name });

/** Every flow, in order, against a fresh server. */
async function flows({ go, web, base, newPage, consolePolicy, servedIndex, cspViolations }) {
  await test('the Go server serves the console just built, from its embedded copy', async () => {
    const built = fs.readFileSync(path.join(frontend, 'dist', 'index.html'), 'utf8');
    assert(servedIndex === built, 'GET / answers dist/index.html as vite build wrote it');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(built)?.[1];
    assert(script, 'index.html loads a script from /assets/');
    const r = await fetch(`${go.url}${script}`);
    assert(r.ok && (await r.text()) === fs.readFileSync(path.join(frontend, 'dist', script), 'utf8'), `the Go server serves ${script} as built`);
  });

  const admin = await newPage();

  await test('login page explains wrong credentials', async () => {
    await admin.goto(base + '/');
    await shot(admin, '01-login');
    await admin.getByLabel('Email').fill(ADMIN.email);
    await admin.getByLabel('Password', { exact: true }).fill('wrong-password');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('alert').filter({ hasText: 'The email or password is not correct.' }).waitFor({ timeout: 3000 });
    assert(await admin.evaluate(() => document.activeElement?.id === 'login-error'), 'focus moves to the error, not <body>');
    await shot(admin, '02-login-invalid-credentials');
  });

  await test('admin logs in and sees their name', async () => {
    const idleReads = [];
    const onRequest = (r) => {
      if (r.url().endsWith('/graphql') && (r.postData() ?? '').includes('IdleRead')) idleReads.push(r);
    };
    admin.on('request', onRequest);
    await signIn(admin, base, ADMIN);
    await admin.getByRole('heading', { name: 'Session Management' }).waitFor();
    await admin.locator('table.sessions tbody tr', { hasText: ADMIN.name }).first().waitFor();
    await shot(admin, '03-session-management');
    await until(async () => idleReads.length > 0, { message: 'the idle deadline is read after sign-in' });
    admin.off('request', onRequest);
    assert(idleReads.every((r) => r.headers()['x-sessionguard-background'] === '1'), 'idle deadline reads are background requests');
    assert((await admin.getByRole('alertdialog').count()) === 0, 'no idle warning right after login');
  });

  await test('the session cookie runs only the console\'s own documents (TRUSTED_DOCUMENTS=enforce)', async () => {
    const answer = await admin.evaluate(async () => {
      const r = await fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: '{ me { user { id email } } }' }),
      });
      return r.json();
    });
    assert(answer.errors?.[0]?.extensions?.code === 'FORBIDDEN' && !answer.data, `another document is refused: ${JSON.stringify(answer)}`);
  });

  await test('admin sets limit 2 via the form', async () => {
    const toggle = admin.getByRole('switch', { name: 'Limit Multiple Sessions' });
    await toggle.check();
    await admin.getByLabel('Maximum concurrent sessions per user').fill('2');
    await admin.getByLabel('Log out the oldest session').check();
    await admin.getByRole('button', { name: 'Save', exact: true }).click();
    await admin.getByText('Session policy saved.').waitFor({ timeout: 3000 });
    await shot(admin, '04-policy-saved');
    const token = await apiLogin(go.url, ADMIN);
    const p = (await api(go.url, `{ sessionPolicy { effectiveMaxConcurrentSessions whenLimitReached } }`, {}, token)).sessionPolicy;
    assert(p.effectiveMaxConcurrentSessions === 2 && p.whenLimitReached === 'EVICT_OLDEST', `policy saved: ${JSON.stringify(p)}`);
    await api(go.url, `mutation { logout }`, {}, token);
  });

  let members = [];
  await test('a member signs in from three browsers: the first is sent back to login with the reason, the admin table updates live', async () => {
    const token = await apiLogin(go.url, ADMIN);
    await api(go.url, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { ...MEMBER, role: 'MEMBER' } }, token);
    await api(go.url, `mutation { logout }`, {}, token);

    const background = [];
    admin.on('request', (r) => {
      if (r.url().endsWith('/graphql') && r.headers()['x-sessionguard-background'] === '1') background.push(r);
    });
    await admin.getByLabel('All', { exact: true }).check();
    await until(async () => (await memberRows(admin).count()) === 0, { message: 'no member rows yet' });

    const first = await newPage();
    await signIn(first, base, MEMBER);
    await first.getByRole('heading', { name: 'Your sessions' }).waitFor();
    const firstTab2 = await first.context().newPage(); // a second tab of the same browser
    await firstTab2.goto(base + '/');
    await firstTab2.getByTestId('user-name').waitFor();
    const second = await newPage();
    await signIn(second, base, MEMBER);
    await until(async () => (await memberRows(admin).count()) === 2, { message: 'two member rows, live' });
    await shot(second, '05-member-your-sessions');

    const third = await newPage();
    await signIn(third, base, MEMBER);
    await waitForSignedOut(first, 'signed in on another device', 2500);
    await waitForSignedOut(firstTab2, 'signed in on another device', 2500);
    await shot(first, '06-member-evicted-login');
    await until(
      async () =>
        (await memberRows(admin).count()) === 3 &&
        (await memberRows(admin).filter({ hasText: 'Terminated' }).filter({ hasText: 'signed in on another device' }).count()) === 1,
      { message: 'the evicted session shown as Terminated in the admin table without reload' },
    );
    await shot(admin, '07-admin-table-live');
    assert(background.length > 0, 'refetches after events are marked X-Sessionguard-Background: 1');
    members = [second, third];
  });

  await test('admin logs one session out from the table; that page reacts within two seconds', async () => {
    await admin.getByLabel('Active', { exact: true }).check();
    await until(async () => (await memberRows(admin).count()) === 2, { message: 'two active member rows' });
    const row = memberRows(admin).first();
    await row.getByRole('button', { name: /^Logout/ }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.waitFor();
    assert((await admin.evaluate(() => document.activeElement?.textContent)) === 'Cancel', 'focus moves to Cancel in the dialog');
    await shot(admin, '08-logout-confirm');
    await admin.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: 1000 });
    await row.getByRole('button', { name: /^Logout/ }).click();
    await dialog.getByRole('button', { name: 'Logout', exact: true }).click();
    await admin.getByText(/^Logged out .*'s session\.$/).waitFor({ timeout: 3000 });
    assert((await admin.evaluate(() => document.activeElement?.textContent ?? '')).startsWith('Logged out'), 'focus on what happened, not lost with the row');
    const t0 = Date.now();
    const which = await Promise.any(
      members.map((p, i) => waitForSignedOut(p, 'logged out by an administrator', 2000).then(() => i)),
    );
    console.log(`    member page ${which + 2} back on the login page after ${Date.now() - t0} ms`);
    await shot(members[which], '09-member-logged-out-by-admin');
    members = members.filter((_, i) => i !== which);
    await until(async () => (await memberRows(admin).count()) === 1, { message: 'one active member row' });
  });

  await test('the offline indicator shows while the websocket is down, and the table refetches after reconnect', async () => {
    web.setWebsocketsBlocked(true);
    await admin.getByText('Offline: live updates paused').waitFor({ timeout: 4000 });
    await shot(admin, '10-offline');
    // A session starts while the admin is offline: its event is missed, the refetch finds it.
    await apiLogin(go.url, MEMBER);
    web.setWebsocketsBlocked(false);
    await admin.getByText('Offline: live updates paused').waitFor({ state: 'detached', timeout: 15000 });
    await until(async () => (await memberRows(admin).count()) === 2, { timeout: 5000, message: 'refetch after reconnect' });
    // The remaining browser member was evicted by that login (limit 2 keeps the newest two).
  });

  await test('terminate all keeps the admin signed in', async () => {
    const token = await apiLogin(go.url, ADMIN);
    const active = (await api(go.url, `{ sessions(filter: { status: ACTIVE }, first: 0) { totalCount } }`, {}, token)).sessions.totalCount;
    await api(go.url, `mutation { logout }`, {}, token);
    await admin.getByRole('button', { name: 'Terminate all sessions', exact: true }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByText('Your own current session is kept').waitFor();
    // The API's count when the dialog opened, less this session (kept) and the token's (ended since).
    const said = Number(/^(\d+) active session/.exec(await dialog.getByTestId('end-all-count').innerText())?.[1]);
    assert(said === active - 2, `the dialog counts the sessions it ends: ${said}, the API ${active} less two`);
    await shot(admin, '11-terminate-all-confirm');
    await dialog.getByRole('button', { name: 'Terminate all sessions' }).click();
    await admin.getByText(/Ended \d+ sessions?\./).waitFor({ timeout: 3000 });
    await until(async () => (await memberRows(admin).count()) === 0, { message: 'no active member rows' });
    await new Promise((r) => setTimeout(r, 1500));
    await admin.getByTestId('user-name').filter({ hasText: ADMIN.name }).waitFor({ timeout: 500 });
    await admin.reload();
    await admin.getByTestId('user-name').filter({ hasText: ADMIN.name }).waitFor({ timeout: 5000 });
    await shot(admin, '12-after-terminate-all');
  });

  await test('invalid policy input shows the server message next to the field', async () => {
    await admin.getByLabel('Maximum concurrent sessions per user').fill('0');
    await admin.getByRole('button', { name: 'Save', exact: true }).click();
    const err = admin.locator('#maxConcurrentSessions-error');
    await err.filter({ hasText: 'Maximum concurrent sessions per user must be between 1 and 100.' }).waitFor({ timeout: 3000 });
    const describedBy = await admin.getByLabel('Maximum concurrent sessions per user').getAttribute('aria-describedby');
    assert(describedBy === 'maxConcurrentSessions-error maxConcurrentSessions-hint', `the field is described by its error, then its range: ${describedBy}`);
    assert(await admin.evaluate(() => document.activeElement?.id === 'maxConcurrentSessions'), 'focus on the field in error');
    await shot(admin, '13-invalid-policy');
    await admin.getByLabel('Maximum concurrent sessions per user').fill('2'); // as saved: nothing unsaved to ask about on leaving
  });

  await test('Your sessions marks this device; phone width is readable', async () => {
    await admin.goto(base + '/#/your-sessions');
    await admin.getByText('this device').waitFor();
    await shot(admin, '14-admin-your-sessions');
    const phone = await newPage({ viewport: { width: 390, height: 844 } });
    await signIn(phone, base, ADMIN);
    await phone.getByRole('heading', { name: 'Session Management' }).waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert(!overflow, 'no horizontal scrolling at 390 px');
    await shot(phone, '15-phone-session-management');
  });

  await usersFlows({ go, base, newPage, admin });
  await auditFlows({ go, base, admin });
  await sessionsTableFlows({ go, base, admin });

  await test('with an idle timeout the console reads idleExpiresAt, and a key press is recorded as activity', async () => {
    await admin.goto(base + '/#/session-management');
    await admin.getByRole('switch', { name: 'Idle Session Timeout' }).check();
    await admin.getByLabel('Idle timeout', { exact: true }).fill('30');
    await admin.getByLabel('Unit', { exact: true }).selectOption('MINUTES');
    const deadlines = [];
    const onResponse = async (r) => {
      const body = r.request().postData() ?? '';
      if (!r.url().endsWith('/graphql') || !/IdleRead|RecordActivity/.test(body)) return;
      const json = await r.json().catch(() => null);
      deadlines.push({ activity: body.includes('RecordActivity'), background: r.request().headers()['x-sessionguard-background'] === '1', at: json?.data?.me?.session?.idleExpiresAt });
    };
    admin.on('response', onResponse);
    await admin.getByRole('button', { name: 'Save', exact: true }).click();
    const dialog = admin.getByRole('dialog');
    if (await dialog.isVisible().catch(() => false)) await dialog.getByRole('button', { name: /^Save without|^End \d+ now/ }).first().click();
    await admin.getByText('Session policy saved.').waitFor({ timeout: 3000 });
    // sessionPolicyUpdated makes the console re-read the deadline in the background.
    await until(async () => deadlines.some((d) => !d.activity && d.background && d.at), { message: 'a background read with idleExpiresAt' });
    const at = Date.parse(deadlines.find((d) => d.at).at);
    assert(at > Date.now() + 25 * 60_000 && at < Date.now() + 31 * 60_000, `idleExpiresAt about 30 minutes ahead: ${new Date(at).toISOString()}`);
    await new Promise((r) => setTimeout(r, 20_500)); // the activity throttle (the Save click was activity)
    await admin.keyboard.press('Shift');
    await until(async () => deadlines.some((d) => d.activity && !d.background && d.at), { message: 'a non-background activity request' });
    admin.off('response', onResponse);
    assert((await admin.getByRole('alertdialog').count()) === 0, 'no idle warning with 30 minutes left');
  });

  await test('per-role rules: an administrators-only idle timeout is saved with the policy and removed again', async () => {
    const rules = admin.getByRole('region', { name: 'Per-role rules' });
    const inherit = () => rules.getByLabel('Administrators: use account setting for the idle timeout');
    const value = () => rules.getByLabel('Administrators: idle timeout', { exact: true });
    const save = async () => {
      await admin.getByRole('button', { name: 'Save', exact: true }).click();
      const dialog = admin.getByRole('dialog');
      if (await dialog.isVisible().catch(() => false)) await dialog.getByRole('button', { name: /^Save without|^End \d+ now/ }).first().click();
      await admin.getByText('Session policy saved.').waitFor({ timeout: 3000 });
    };
    await inherit().uncheck();
    await value().fill('45');
    await rules.getByLabel('Administrators: idle timeout unit').selectOption('MINUTES');
    await save();
    // A reload reads the policy afresh: the override was stored. (No second sign-in here: at the
    // limit of 2 it would end this browser's session.)
    await admin.reload();
    await value().waitFor({ timeout: 5000 });
    assert((await value().inputValue()) === '45' && !(await inherit().isChecked()), 'the administrators\' 45 minutes were saved');
    await shot(admin, 'policy-per-role-rules');
    await inherit().check();
    await save();
    await admin.reload();
    await inherit().waitFor({ timeout: 5000 });
    assert((await inherit().isChecked()) && (await value().count()) === 0, 'the override was removed');
  });

  await test('logout returns to the login page', async () => {
    await admin.getByRole('button', { name: 'Logout', exact: true }).click();
    await waitForSignedOut(admin, 'You have signed out', 2000);
  });

  await test('the console ran under its Content Security Policy without a violation', async () => {
    assert(/default-src 'self'/.test(consolePolicy) && !/unsafe/.test(consolePolicy), `the Go server sends a real policy: ${consolePolicy}`);
    const page = await admin.goto(base + '/');
    assert(page.headers()['content-security-policy'] === consolePolicy, 'the browser got the console with the policy the Go server sends');
    await admin.getByRole('button', { name: 'Sign in' }).waitFor();
    assert(cspViolations.length === 0, `Content Security Policy violations:\n      ${cspViolations.join('\n      ')}`);
  });
}

// E2E_ONLY=console (or main, accounts, integrations; comma-separated) runs only those flow sets.
const FLOW_SETS = { main: flows, accounts: accountFlows, console: consoleFlows, integrations: integrationFlows };
const only = process.env.E2E_ONLY?.split(',').filter(Boolean);
runMain(() => runE2E(...Object.entries(FLOW_SETS).filter(([name]) => !only || only.includes(name)).map(([, f]) => f)));
