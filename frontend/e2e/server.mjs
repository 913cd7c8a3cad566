// Test harness pieces: build and start the real Go server (which serves the console it embeds),
// give it a database of its own, and a TCP relay in front of it that stands for the network.
import { spawn, execFileSync } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Builds the Go server from .. , embedding frontend/dist as it is now (build the console first). */
export function buildGoServer(frontendDir, outFile) {
  const env = { ...process.env, PATH: `/usr/local/go/bin:${process.env.PATH}` };
  execFileSync('go', ['build', '-o', outFile, '..'], { cwd: frontendDir, env, stdio: 'inherit' });
}

/**
 * A database for one run: a fresh SQLite file in dir, or, given a PostgreSQL URL, a fresh schema
 * in that database (as scripts/loadtest makes one), dropped by drop().
 */
export function freshDatabase(dir, postgresUrl) {
  if (!postgresUrl) return { url: path.join(dir, 'e2e.db'), drop: () => {} };
  const schema = `e2e_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const psql = (sql) => execFileSync('psql', [postgresUrl, '-qc', `SET client_min_messages = warning; ${sql}`], { stdio: 'inherit' });
  psql(`CREATE SCHEMA ${schema}`);
  const url = new URL(postgresUrl);
  url.searchParams.set('search_path', schema);
  return { url: url.toString(), drop: () => psql(`DROP SCHEMA ${schema} CASCADE`) };
}

export async function startGoServer({ binary, dir, admin, databaseUrl }) {
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    LISTEN_ADDR: `127.0.0.1:${port}`,
    BOOTSTRAP_ACCOUNT_NAME: 'E2E Company',
    BOOTSTRAP_ADMIN_NAME: admin.name,
    BOOTSTRAP_ADMIN_EMAIL: admin.email,
    BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    REAPER_INTERVAL: '1s',
    // Every flow proves the console sends only its own, trusted documents (README, Trusted documents).
    TRUSTED_DOCUMENTS: 'enforce',
  };
  const log = fs.openSync(path.join(dir, 'server.log'), 'a');
  const child = spawn(binary, [], { env, stdio: ['ignore', log, log] });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000; // PostgreSQL migrations included
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Go server exited (${child.exitCode}); see ${dir}/server.log`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error('Go server did not become healthy');
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    port,
    child,
    stop: () =>
      new Promise((r) => {
        if (child.exitCode !== null) return r();
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * A byte-for-byte TCP relay to the Go server: the browser reaches the server through it, and the
 * test can cut the websockets (a network outage for them) and refuse new ones until restored.
 * Nothing is rewritten, so the Go server sees the page's own origin and serves everything itself.
 */
export async function startRelay({ upstreamPort }) {
  const websockets = new Set();
  let blocked = false;
  const server = net.createServer((client) => {
    // Read the first request's head to tell a websocket upgrade from plain HTTP.
    let head = Buffer.alloc(0);
    const onData = (chunk) => {
      head = Buffer.concat([head, chunk]);
      if (head.indexOf(HEAD_END) < 0 && head.length < 65536) return;
      client.off('data', onData);
      client.pause();
      const websocket = /^upgrade:\s*websocket\s*$/im.test(head.toString('latin1'));
      if (websocket && blocked) {
        client.destroy();
        return;
      }
      const up = net.connect(upstreamPort, '127.0.0.1', () => {
        up.write(head);
        client.pipe(up);
        up.pipe(client);
      });
      if (websocket) {
        websockets.add(client);
        client.on('close', () => websockets.delete(client));
      }
      const close = () => {
        up.destroy();
        client.destroy();
      };
      up.on('error', close);
      up.on('close', close);
      client.on('close', close);
    };
    client.on('data', onData);
    client.on('error', () => client.destroy());
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  const all = new Set();
  server.on('connection', (s) => {
    all.add(s);
    s.on('close', () => all.delete(s));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((r) => {
        for (const s of all) s.destroy();
        server.close(r);
      }),
    setWebsocketsBlocked(b) {
      blocked = b;
      if (b) for (const s of websockets) s.destroy();
    },
  };
}
