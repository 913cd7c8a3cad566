// The console's integration pages against the real server: an API key created with one scope, its
// secret shown once, used from Node within that scope and refused outside it, its last use listed,
// then revoked; a webhook endpoint refused at a private http:// URL, added at a public https:// one
// (its signing secret shown once), pinged and deleted. A flow set of its own (run.mjs); axe checks every
// page and dialog it opens.
import { ADMIN, assert, assertAccessible, shot, signIn, test, until } from './harness.mjs';

/** The whole GraphQL answer, errors included (the harness's api() throws on errors). */
async function answer(goUrl, query, secret) {
  const r = await fetch(`${goUrl}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query }),
  });
  return r.json();
}

/**
 * Opens the tab's page (empty: its table's caption says so) and its dialog from the button, axe
 * checking both; returns the dialog.
 */
async function openEmptyPageAndDialog(page, { tab, caption, button, dialog }) {
  await page.getByRole('link', { name: tab, exact: true }).click();
  await page.getByRole('heading', { name: tab, level: 2 }).waitFor();
  await page.getByRole('table').getByText(caption).waitFor();
  await assertAccessible(page, `the ${tab} page`);
  await page.getByRole('button', { name: button }).click();
  const opened = page.getByRole('dialog', { name: dialog });
  await opened.waitFor();
  await assertAccessible(page, `the ${dialog} dialog`);
  return opened;
}

const KEY_NAME = 'e2e reader';
const HOOK_URL = 'https://hooks.example.invalid/e2e';

export async function integrationFlows({ go, base, newPage }) {
  const admin = await newPage();
  await signIn(admin, base, ADMIN);
  let secret = '';

  await test('API keys: a key with SESSIONS_READ only; its secret is shown once, with a copy button', async () => {
    const create = await openEmptyPageAndDialog(admin, { tab: 'API keys', caption: '0 API keys', button: 'Create API key', dialog: 'Create API key' });
    assert(await admin.evaluate(() => document.activeElement?.id === 'api-key-name'), 'focus on the Name field');
    await create.getByLabel('Name', { exact: true }).fill(KEY_NAME);
    await create.getByRole('checkbox', { name: /SESSIONS_READ/ }).check();
    await create.getByRole('button', { name: 'Create key' }).click();
    const shown = admin.getByRole('dialog', { name: `${KEY_NAME} created` });
    await shown.waitFor({ timeout: 3000 });
    secret = await shown.getByTestId('api-key-secret').innerText();
    assert(/^sgk_\S+$/.test(secret), `the secret is an sgk_ key: ${secret}`);
    // Headless Chromium may deny the clipboard: either way the dialog says what happened.
    await shown.getByRole('button', { name: 'Copy key' }).click();
    await shown.getByRole('status').filter({ hasText: /^(Copied\.|Copying failed)/ }).waitFor({ timeout: 3000 });
    await assertAccessible(admin, 'the API key secret dialog');
    await shot(admin, '70-api-key-secret');
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached', timeout: 1000 });
    await admin.getByRole('table').getByText('1 API keys').waitFor({ timeout: 3000 });
    assert((await admin.getByText(secret).count()) === 0, 'the secret is gone from the page after Done');
    const row = admin.locator('tbody tr', { hasText: KEY_NAME });
    assert((await row.innerText()).includes('SESSIONS_READ') && !(await row.innerText()).includes('SESSIONS_WRITE'), 'the row lists its one scope');
  });

  await test('API keys: the key reads sessions and is refused terminateAllSessions (FORBIDDEN naming SESSIONS_WRITE)', async () => {
    assert(secret, 'a key from the previous test');
    const read = await answer(go.url, '{ sessions(first: 1) { totalCount } }', secret);
    assert(!read.errors && read.data.sessions.totalCount >= 1, `a sessions query succeeds: ${JSON.stringify(read)}`);
    const end = await answer(go.url, 'mutation { terminateAllSessions { __typename } }', secret);
    const err = end.errors?.[0];
    assert(err?.extensions?.code === 'FORBIDDEN' && /SESSIONS_WRITE/.test(err.message) && !end.data, `terminateAllSessions is refused: ${JSON.stringify(end)}`);
  });

  await test('API keys: the list shows the last use; Revoke asks first, then the key is refused (UNAUTHENTICATED)', async () => {
    assert(secret, 'a key from the first test');
    const row = admin.locator('tbody tr', { hasText: KEY_NAME });
    const lastUsed = row.locator('td').nth(5);
    // Last use is stored in batches (every few seconds): reload until it is listed.
    await until(
      async () => {
        await admin.reload();
        return / from /.test(await lastUsed.innerText({ timeout: 3000 }));
      },
      { timeout: 20_000, interval: 1000, message: 'the key\'s last use in the list' },
    );
    await shot(admin, '71-api-key-last-used');
    await row.getByRole('button', { name: `Revoke ${KEY_NAME}` }).click();
    const confirm = admin.getByRole('dialog', { name: `Revoke ${KEY_NAME}?` });
    await confirm.waitFor();
    assert((await admin.evaluate(() => document.activeElement?.textContent)) === 'Cancel', 'focus on Cancel, the safe choice');
    const still = await answer(go.url, '{ sessions(first: 0) { totalCount } }', secret);
    assert(!still.errors, `the key works until the revocation is confirmed: ${JSON.stringify(still)}`);
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await admin.getByText(`Revoked ${KEY_NAME}: it stopped working everywhere.`).waitFor({ timeout: 3000 });
    await row.getByText(/^Revoked /).waitFor({ timeout: 3000 });
    const refused = await answer(go.url, '{ sessions(first: 0) { totalCount } }', secret);
    assert(refused.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED' && !refused.data, `the revoked key is refused: ${JSON.stringify(refused)}`);
  });

  await test('Webhooks: a private http:// URL is refused at the URL field, which gets focus', async () => {
    const add = await openEmptyPageAndDialog(admin, { tab: 'Webhooks', caption: '0 endpoints', button: 'Add endpoint', dialog: 'Add webhook endpoint' });
    // The e2e server does not set WEBHOOK_ALLOW_PRIVATE (server.mjs): http:// is refused.
    await add.getByLabel('URL (https://)').fill('http://127.0.0.1:9/hook');
    await add.getByRole('button', { name: 'Add endpoint' }).click();
    await add.locator('#webhook-url-error').filter({ hasText: 'https://' }).waitFor({ timeout: 3000 });
    assert((await add.getByLabel('URL (https://)').getAttribute('aria-describedby')) === 'webhook-url-error', 'the field is described by its message');
    await until(() => admin.evaluate(() => document.activeElement?.id === 'webhook-url'), { timeout: 2000, message: 'focus on the URL field' });
    await assertAccessible(admin, 'the add endpoint dialog with a refused URL');
    await shot(admin, '72-webhook-url-refused');
  });

  await test('Webhooks: an https:// endpoint for SESSION_ENDED shows its signing secret once; Send test reports; Delete asks first', async () => {
    const add = admin.getByRole('dialog', { name: 'Add webhook endpoint' });
    await add.getByLabel('URL (https://)').fill(HOOK_URL);
    for (const event of ['SESSION_STARTED', 'POLICY_UPDATED']) await add.getByRole('checkbox', { name: new RegExp(event) }).uncheck();
    await add.getByRole('button', { name: 'Add endpoint' }).click();
    const shown = admin.getByRole('dialog', { name: `Endpoint ${HOOK_URL} added` });
    await shown.waitFor({ timeout: 3000 });
    const signing = await shown.getByTestId('webhook-secret').innerText();
    assert(signing.length >= 16, `a signing secret is shown: ${signing}`);
    await shown.getByRole('button', { name: 'Copy secret' }).waitFor();
    await assertAccessible(admin, 'the webhook secret dialog');
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached', timeout: 1000 });
    assert((await admin.getByText(signing).count()) === 0, 'the signing secret is gone from the page after Done');
    const row = admin.locator('tbody tr', { hasText: HOOK_URL });
    await row.waitFor({ timeout: 3000 });
    assert((await row.locator('td').nth(1).innerText()) === 'SESSION_ENDED', 'the endpoint listens to SESSION_ENDED only');
    await admin.getByRole('table').getByText('1 endpoint').waitFor();
    await shot(admin, '73-webhook-listed');

    // No internet here: the ping's outcome is not asserted, only that the page reports one.
    await row.getByRole('button', { name: `Send test to ${HOOK_URL}` }).click();
    await admin
      .getByText(new RegExp(`^(Test ping sent to ${HOOK_URL.replace(/[.]/g, '\\.')}|The test ping could not be sent)`))
      .waitFor({ timeout: 20_000 });

    await row.getByRole('button', { name: `Delete ${HOOK_URL}` }).click();
    const confirm = admin.getByRole('dialog', { name: `Delete ${HOOK_URL}?` });
    await confirm.waitFor();
    assert((await admin.evaluate(() => document.activeElement?.textContent)) === 'Cancel', 'focus on Cancel, the safe choice');
    await confirm.getByRole('button', { name: 'Delete endpoint' }).click();
    await admin.getByText(`Deleted the endpoint ${HOOK_URL}: it receives no more events.`).waitFor({ timeout: 3000 });
    await admin.getByRole('table').getByText('0 endpoints').waitFor({ timeout: 3000 });
    assert((await row.count()) === 0, 'the endpoint is gone from the list');
  });
}
