#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: the benchmarks of issue 5, from a fresh clone.
 *   1. dependencies (npm ci from the lockfile when missing), Redis at REDIS_URL or a private
 *      redis-server, a temp directory for SQLite files; PostgreSQL too when DATABASE_URL is a postgres:// URL;
 *   2. each section in its own Node process (TypeScript through scripts/ts-register.js), one after the other;
 *   3. a table per section on the console, then the Targets table of issue #10 (every target: measured,
 *      met or missed and by how much, or "not run"), and BENCHMARKS.md with both and the machine.
 * Benchmarks measure; they never fail on a number (the exit code is non-zero only if a section crashed).
 *
 *   npm run bench                        full run, writes BENCHMARKS.md
 *   npm run bench -- --quick             smaller sizes, to iterate (writes to a temp file, not BENCHMARKS.md)
 *   npm run bench -- --only fanout       some sections (comma-separated ids; `logout` = both parts of 1)
 *   npm run bench -- --out results.md    write the Markdown there instead
 *   npm run bench -- --note "text"       a sentence for the report (e.g. what else ran on the machine)
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { root, ensureDependencies } = require('./bootstrap');
const { ensureRedis } = require('./services');

const SECTIONS = [
  { id: 'logout-call', group: 'logout', minutes: 6 },
  { id: 'end-session', group: 'logout', minutes: 8 },
  { id: 'fanout', minutes: 18 },
  { id: 'propagation', minutes: 6 },
  { id: 'receiver', minutes: 8 },
  { id: 'session-kill', minutes: 10 },
  { id: 'memory', minutes: 6 },
  { id: 'scale-out', minutes: 10 },
  { id: 'mass-logout', minutes: 40 },
];

function parseArgs(argv) {
  const args = { quick: false, only: null, out: null, notes: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--only') args.only = argv[++i].split(',').map((s) => s.trim());
    else if (a === '--out') args.out = path.resolve(argv[++i]);
    else if (a === '--note') args.notes.push(argv[++i]);
    else if (a === '--help' || a === '-h') {
      process.stdout.write(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  if (args.only) {
    const known = new Set(SECTIONS.flatMap((s) => [s.id, s.group]).filter(Boolean));
    const unknown = args.only.filter((id) => !known.has(id));
    if (unknown.length)
      throw new Error(`unknown section ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  }
  return args;
}

let current = null; // the running section process, killed on Ctrl-C

function runSection(section, env) {
  const file = path.join('bench', 'sections', `${section.id}.section.ts`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '-r', './scripts/ts-register.js', file], {
      cwd: root,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    current = child;
    const timer = setTimeout(() => {
      process.stderr.write(`[${section.id}] over ${section.minutes} min: stopped\n`);
      child.kill('SIGKILL');
    }, section.minutes * 60_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      current = null;
      resolve(code === 0 ? null : `exit ${code ?? signal}`);
    });
  });
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  ensureDependencies();
  require('./ts-register'); // the report code is TypeScript, like the sections
  const { describeMachine } = require('../bench/report/machine.util.ts');
  const {
    renderConsole,
    renderMarkdown,
    renderTargetsConsole,
  } = require('../bench/report/render.util.ts');
  const { deleteKeysWithPrefix } = require('../test/support/redis.ts');
  const redis = await ensureRedis();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bcl-bench-'));
  const runPrefix = `bclbench:${Date.now().toString(36)}${randomBytes(3).toString('hex')}:`;
  const cleanup = () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    redis.stop();
  };
  process.once('SIGINT', () => {
    if (current) current.kill('SIGKILL');
    cleanup();
    process.exit(130);
  });
  const started = Date.now();
  const loadBefore = os.loadavg();
  const selected = SECTIONS.filter(
    (s) => !args.only || args.only.includes(s.id) || (s.group && args.only.includes(s.group)),
  );
  process.stdout.write(
    `Benchmarks (${args.quick ? 'quick' : 'full'} size): ${selected.map((s) => s.id).join(', ')}\n` +
      `Redis ${redis.url}${redis.started ? ' (private redis-server)' : ''}; SQLite files in ${tmp}` +
      `${/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '') ? '; PostgreSQL from DATABASE_URL' : ''}\n\n`,
  );
  const results = [];
  const failures = [];
  try {
    for (const section of selected) {
      const resultFile = path.join(tmp, `${section.id}.json`);
      const failure = await runSection(section, {
        ...process.env,
        BENCH_REDIS_URL: redis.url,
        BENCH_TMP_DIR: tmp,
        BENCH_QUICK: args.quick ? '1' : '0',
        BENCH_KEY_PREFIX: `${runPrefix}${section.id}:`,
        BENCH_RESULT_FILE: resultFile,
      });
      // The section deletes its keys itself; this catches what a crashed or stopped section left.
      await deleteKeysWithPrefix(`${runPrefix}${section.id}:`, redis.url);
      if (failure || !fs.existsSync(resultFile)) {
        failures.push({ id: section.id, reason: failure ?? 'no result' });
        continue;
      }
      const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
      results.push(result);
      process.stdout.write(`${renderConsole(result)}\n`);
    }
    const machine = await describeMachine(redis.url, process.env.DATABASE_URL);
    const run = {
      quick: args.quick,
      complete: !args.only && failures.length === 0,
      durationMs: Date.now() - started,
      loadBefore,
      loadAfter: os.loadavg(),
      notes: args.notes,
      failures,
    };
    const out =
      args.out ??
      (args.quick || args.only
        ? path.join(os.tmpdir(), 'bcl-bench-last.md')
        : path.join(root, 'BENCHMARKS.md'));
    process.stdout.write(`${renderTargetsConsole(results, failures, args.quick)}\n`);
    fs.writeFileSync(out, renderMarkdown(results, machine, run));
    process.stdout.write(
      `\n${results.length} section(s) in ${((Date.now() - started) / 60_000).toFixed(1)} min; written to ${path.relative(process.cwd(), out).startsWith('..') ? out : path.relative(process.cwd(), out)}\n`,
    );
    if (failures.length) {
      process.stderr.write(`failed: ${failures.map((f) => `${f.id} (${f.reason})`).join(', ')}\n`);
      process.exitCode = 1;
    }
  } finally {
    cleanup();
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${err.message}\n`);
  process.exit(1);
});
