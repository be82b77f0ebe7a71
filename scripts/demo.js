#!/usr/bin/env node
'use strict';
/**
 * `npm run demo`: from a fresh clone, installs what is missing, builds the sample apps, reaches Redis
 * (or starts a private redis-server), and runs the provider (3000) and two receivers (3001, 3002)
 * until Ctrl-C or SIGTERM, which stop everything.
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { root, run, ensureDependencies } = require('./bootstrap');
const { ensureRedis } = require('./services');
const demo = require('./demo-config');

const dataDir = path.join(root, 'data');
const nest = path.join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
const mainOf = (app) => path.join(root, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');
const children = [];
let redis;
let stopping = false;

const say = (line) => process.stdout.write(`[demo] ${line}\n`);

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Starts one app, prefixing its output, and stops the demo if it dies on its own. */
function start(name, app, env) {
  const child = spawn(process.execPath, [mainOf(app)], {
    cwd: root,
    env: { ...process.env, ...env, NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (stream, out) => {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop();
      for (const line of lines) out.write(`[${name}] ${line}\n`);
    });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    child.exited = true;
    if (!stopping) {
      say(`${name} exited (${signal ?? `code ${code}`}); stopping the demo`);
      void stop(1);
    }
  });
  children.push({ name, child });
  return child;
}

async function waitFor(url, accept, label, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (accept(res.status)) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!stopping) throw new Error(`${label} did not come up at ${url} within ${timeoutMs / 1000} s`);
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  say('stopping...');
  for (const { child } of children) if (!child.exited) child.kill('SIGTERM');
  const deadline = Date.now() + 8000;
  while (children.some(({ child }) => !child.exited) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const { child } of children) if (!child.exited) child.kill('SIGKILL');
  if (redis?.started) redis.stop();
  say('stopped');
  process.exit(code);
}

function banner(redisUrl) {
  const { browserUrl, PROVIDER_PORT, RECEIVERS, ADMIN, USERS } = demo;
  const lines = [
    '',
    'Demo running. Open:',
    `  Receiver A            ${browserUrl(RECEIVERS[0].port)}`,
    `  Receiver B            ${browserUrl(RECEIVERS[1].port)}`,
    `  Provider admin UI     ${browserUrl(PROVIDER_PORT)}/admin   (${ADMIN.user} / ${ADMIN.password})`,
    `  Provider discovery    ${browserUrl(PROVIDER_PORT)}/.well-known/openid-configuration`,
    `Users: ${USERS.map((u) => `${u.username} / ${u.password}`).join(', ')}`,
    `Redis: ${redisUrl}   Data: ${dataDir}`,
    'ALLOW_INSECURE_BACKCHANNEL is ON: http and loopback back-channel URIs are accepted (local demo only).',
    'Try it: log in at A, open B (single sign-on), log out at A and watch B say "logged out".',
    'Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(lines.map((l) => `[demo] ${l}`).join('\n') + '\n');
}

async function main() {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  ensureDependencies();
  say('building the sample apps...');
  run(process.execPath, [nest, 'build', 'provider']);
  run(process.execPath, [nest, 'build', 'receiver']);

  for (const port of [demo.PROVIDER_PORT, ...demo.RECEIVERS.map((r) => r.port)]) {
    if (!(await portFree(port))) {
      throw new Error(
        `port ${port} is in use; stop whatever listens there (another demo?) and try again`,
      );
    }
  }
  fs.mkdirSync(dataDir, { recursive: true });
  redis = await ensureRedis();
  if (redis.started) say(`no Redis at REDIS_URL: started a private redis-server at ${redis.url}`);
  const { file, clients } = demo.writeClientsFile(dataDir);
  const context = { dataDir, redisUrl: redis.url, clientsFile: file };

  say('starting the provider on port 3000 (ALLOW_INSECURE_BACKCHANNEL on for the local receivers)');
  start('provider', 'provider', demo.providerEnv(context));
  await waitFor(
    `http://127.0.0.1:${demo.PROVIDER_PORT}/.well-known/openid-configuration`,
    (s) => s === 200,
    'the provider',
  );
  demo.RECEIVERS.forEach((receiver, i) => {
    say(`starting ${receiver.name} on port ${receiver.port}`);
    start(receiver.name, 'receiver', demo.receiverEnv(context, receiver, clients[i]));
  });
  for (const receiver of demo.RECEIVERS) {
    await waitFor(`http://127.0.0.1:${receiver.port}/me`, (s) => s === 401, receiver.name);
  }
  banner(redis.url);
}

main().catch((err) => {
  process.stderr.write(`[demo] ${err.message}\n`);
  void stop(1);
});
