// Test harness pieces: build and start the real Go server, and a tiny static server for
// frontend/dist that proxies /graphql (HTTP and websocket) to it, keeping the Host header so the
// Go server sees the page's own origin (as it will when it serves the console itself).
import { spawn, execFileSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';

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

/** Builds the Go server from .. (or from E2E_GO_SRC, another checkout of the server). */
export function buildGoServer(frontendDir, outFile) {
  const env = { ...process.env, PATH: `/usr/local/go/bin:${process.env.PATH}` };
  const src = process.env.E2E_GO_SRC;
  if (src) execFileSync('go', ['build', '-o', outFile, '.'], { cwd: src, env, stdio: 'inherit' });
  else execFileSync('go', ['build', '-o', outFile, '..'], { cwd: frontendDir, env, stdio: 'inherit' });
}

export async function startGoServer({ binary, dir, admin }) {
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: path.join(dir, 'e2e.db'),
    LISTEN_ADDR: `127.0.0.1:${port}`,
    BOOTSTRAP_ACCOUNT_NAME: 'E2E Company',
    BOOTSTRAP_ADMIN_NAME: admin.name,
    BOOTSTRAP_ADMIN_EMAIL: admin.email,
    BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    REAPER_INTERVAL: '1s',
  };
  const log = fs.openSync(path.join(dir, 'server.log'), 'a');
  const child = spawn(binary, [], { env, stdio: ['ignore', log, log] });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
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
  return { url, port, child, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json',
};

// startStaticServer serves distDir with pageHeaders (the Go server's own, its
// Content-Security-Policy above all) and proxies /graphql to the Go server.
export async function startStaticServer({ distDir, upstreamPort, pageHeaders = {} }) {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    if (u.pathname === '/graphql') {
      const up = http.request(
        { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers },
        (upRes) => {
          res.writeHead(upRes.statusCode, upRes.headers);
          upRes.pipe(res);
        },
      );
      up.on('error', () => { res.writeHead(502); res.end('bad gateway'); });
      req.pipe(up);
      return;
    }
    let file = path.join(distDir, path.normalize(u.pathname).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(distDir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      file = path.join(distDir, 'index.html'); // SPA fallback
    }
    res.writeHead(200, { ...pageHeaders, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  // Websocket: replay the upgrade request to the Go server over TCP, then splice the sockets.
  const live = new Set();
  let blocked = false;
  server.on('upgrade', (req, socket, head) => {
    if (blocked) {
      socket.destroy();
      return;
    }
    live.add(socket);
    socket.on('close', () => live.delete(socket));
    const up = net.connect(upstreamPort, '127.0.0.1', () => {
      let raw = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
      for (let i = 0; i < req.rawHeaders.length; i += 2) raw += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
      up.write(raw + '\r\n');
      if (head?.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    const close = () => { up.destroy(); socket.destroy(); };
    up.on('error', close);
    socket.on('error', close);
    up.on('close', () => socket.destroy());
    socket.on('close', () => up.destroy());
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }),
    // Simulates a network outage for websockets: cut them and refuse new ones until restored.
    setWebsocketsBlocked(b) {
      blocked = b;
      if (b) for (const s of live) s.destroy();
    },
  };
}
