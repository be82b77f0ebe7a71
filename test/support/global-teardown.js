'use strict';
module.exports = async function globalTeardown() {
  const redis = globalThis.__BCL_PRIVATE_REDIS__;
  if (redis) redis.stop();
};
