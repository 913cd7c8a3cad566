// The pieces every end-to-end file shares: a tiny sequential test harness, the app helpers, and
// the runner that builds the console and the Go server, then runs a file's flows on a fresh
// SQLite file and, when TEST_DATABASE_URL names a PostgreSQL database, on a fresh schema there.
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGoServer, freshDatabase, startGoServer, startRelay } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const frontend = path.resolve(here, '..');
const shots = path.join(here, 'screenshots');
export const ADMIN = { name: 'Ada Admin', email: 'admin@e2e.test', password: 'admin-password-1' };
export const MEMBER = { name: 'Mia Member', email: 'mia@e2e.test', password: 'member-password-1' };
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// ---------- a tiny sequential test harness ----------
const results = [];
let engine = 'sqlite'; // the database the flows run on, named in results and screenshots
export async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, engine, ok: true });
    console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, engine, ok: false });
    console.log(`  ✗ ${name} (${Date.now() - t0} ms)\n    ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n    ')}`);
  }
}
export async function until(fn, { timeout = 5000, interval = 100, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${message}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}
export function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}
/** Where the screenshot called name goes (prefixed by the engine, but for SQLite's). */
export const shotPath = (name) => path.join(shots, `${engine === 'sqlite' ? '' : `${engine}-`}${name}.png`);
export const shot = (page, name) => page.screenshot({ path: shotPath(name), fullPage: true });

/** axe-core's WCAG 2.2 A and AA rules on what page shows now: any violation fails the test. */
export async function assertAccessible(page, what) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const found = violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  assert(!found.length, `axe on ${what}:\n      ${found.join('\n      ')}`);
}

// ---------- app helpers ----------
export async function signIn(page, base, who) {
  await page.goto(base + '/');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('user-name').filter({ hasText: who.name }).waitFor({ timeout: 5000 });
}
export async function waitForSignedOut(page, reason, timeout = 2000) {
  const notice = page.getByTestId('signed-out-notice');
  await notice.filter({ hasText: reason }).waitFor({ timeout });
  await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 500 });
}
export async function api(goUrl, query, variables, token) {
  const r = await fetch(`${goUrl}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await r.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
/** A bearer token for who, from the API (a session of its own). */
export async function apiLogin(goUrl, who) {
  const data = await api(goUrl, `mutation($i: LoginInput!) { login(input: $i) { token } }`, { i: { email: who.email, password: who.password } });
  return data.login.token;
}

// ---------- the runner ----------
/**
 * Builds the console (unless E2E_SKIP_BUILD) and the Go server that embeds it, then, on each
 * database, starts the server behind a relay and calls flows(stack) with
 * { go, web, base, newPage, consolePolicy, servedIndex, cspViolations }; newPage opens a browser
 * context that records Content Security Policy violations.
 */
export async function runE2E(...flowSets) {
  fs.mkdirSync(shots, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionguard-e2e-'));
  if (!process.env.E2E_SKIP_BUILD) {
    console.log('building the console (vite build)…');
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: frontend, stdio: 'inherit' });
  }
  console.log('building the Go server (it embeds dist/)…');
  const binary = path.join(tmp, 'sessionguard');
  buildGoServer(frontend, binary);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const engines = [{ name: 'sqlite', postgresUrl: '' }];
    if (process.env.TEST_DATABASE_URL) engines.push({ name: 'postgres', postgresUrl: process.env.TEST_DATABASE_URL });
    for (const e of engines) {
      engine = e.name;
      const t0 = Date.now();
      // Each set of flows gets a server on a database of its own: sets may seed the same users.
      for (const [i, flows] of flowSets.entries()) {
        const dir = path.join(tmp, `${e.name}-${i + 1}`);
        fs.mkdirSync(dir);
        const db = freshDatabase(dir, e.postgresUrl);
        try {
          await withStack({ binary, browser, dir, databaseUrl: db.url }, flows);
        } finally {
          db.drop();
        }
      }
      console.log(`${e.name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await browser.close();
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  if (!failed) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`server logs kept: ${tmp}/*/server.log`);
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

/** A fresh server on databaseUrl behind a relay, for the length of flows(stack). */
async function withStack({ binary, browser, dir, databaseUrl }, flows) {
  console.log(`${engine}:`);
  const go = await startGoServer({ binary, dir, admin: ADMIN, databaseUrl });
  const web = await startRelay({ upstreamPort: go.port });
  const base = web.url;
  console.log(`  Go server ${go.url}, browser through ${base}, logs ${dir}/server.log`);
  // The console runs under the Go server's own page headers, its Content-Security-Policy above
  // all; any violation fails the run.
  const goPage = await fetch(`${go.url}/`);
  const consolePolicy = goPage.headers.get('content-security-policy') ?? '';
  const servedIndex = await goPage.text();

  const cspViolations = [];
  const newPage = async (opts = {}) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
      );
    });
    context.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) cspViolations.push(`${msg.location()?.url ?? ''}: ${msg.text()}`);
    });
    return context.newPage();
  };

  try {
    await flows({ go, web, base, newPage, consolePolicy, servedIndex, cspViolations });
  } finally {
    await Promise.all(browser.contexts().map((c) => c.close()));
    await web.stop();
    await go.stop();
  }
}

/** Runs main, reporting a crash outside any test as one more failure. */
export function runMain(main) {
  main().catch((e) => {
    console.error(e);
    console.log(`\n${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length + 1} failed`);
    process.exitCode = 1;
  });
}
