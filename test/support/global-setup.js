'use strict';
// Runs once before all test files: make sure a real Redis is reachable and tell the workers where it is.
const { ensureRedis } = require('../../scripts/services');

module.exports = async function globalSetup() {
  let redis;
  try {
    redis = await ensureRedis();
  } catch (err) {
    // One clear line, then stop: every suite needs Redis.
    process.stderr.write(`\n${err.message}\n`);
    process.exit(1);
  }
  process.env.REDIS_URL = redis.url;
  if (redis.started) {
    process.stderr.write(`\n[test] started a private redis-server at ${redis.url}\n`);
    globalThis.__BCL_PRIVATE_REDIS__ = redis;
  }
};
