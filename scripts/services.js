'use strict';
/**
 * Reaching the services the tests and the demo need, without asking the user to set anything up.
 *
 * ensureRedis(): PING the Redis at REDIS_URL (default redis://127.0.0.1:6379); if nothing answers, start a
 * private `redis-server` on a free loopback port (no persistence) and return its URL plus a stop function.
 * If neither works, throw an Error whose message is one line saying what to install.
 */
const net = require('node:net');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function ping(url, timeoutMs = 1000) {
  return new Promise((resolve) => {
    let u;
    try {
      u = new URL(url);
    } catch {
      resolve(false);
      return;
    }
    const socket = net.connect({ host: u.hostname || '127.0.0.1', port: Number(u.port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => {
      const auth = u.password ? `AUTH ${decodeURIComponent(u.password)}\r\n` : '';
      socket.write(`${auth}PING\r\n`);
    });
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('+PONG')) done(true);
      else if (buf.includes('-')) done(false);
    });
  });
}

function which(bin) {
  try {
    return execFileSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startPrivateRedis() {
  const bin = which('redis-server');
  if (!bin) return null;
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bcl-redis-'));
  const child = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { stdio: 'ignore', detached: false },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (await ping(url, 200)) {
      return {
        url,
        pid: child.pid,
        stop: () => {
          child.kill('SIGTERM');
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  return null;
}

async function ensureRedis(url = process.env.REDIS_URL || DEFAULT_REDIS_URL) {
  if (await ping(url)) return { url, started: false, stop: () => undefined };
  const started = await startPrivateRedis();
  if (started) return { ...started, started: true };
  throw new Error(
    `Redis is not reachable at ${url} and no redis-server binary is installed: install Redis (Debian: apt-get install -y redis-server) or set REDIS_URL to a reachable server.`,
  );
}

module.exports = { ensureRedis, ping, freePort, which, DEFAULT_REDIS_URL };
