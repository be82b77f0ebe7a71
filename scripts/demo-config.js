'use strict';
/**
 * What `npm run demo` runs: ports, URLs, demo credentials, the clients file registering the two
 * receivers at the provider, and the environment of each app. Secrets are generated once and kept in
 * data/demo-clients.json, so restarts keep working with the same registrations.
 */
const fs = require('node:fs');
const path = require('node:path');
const { randomBytes } = require('node:crypto');

const PROVIDER_PORT = 3000;
const RECEIVERS = [
  { name: 'receiver-a', port: 3001 },
  { name: 'receiver-b', port: 3002 },
];
const ADMIN = { user: 'admin', password: 'admin-demo-password' };
const USERS = [
  { username: 'alice', password: 'alice-password' },
  { username: 'bob', password: 'bob-password' },
];

const browserUrl = (port) => `http://localhost:${port}`;
// Server-to-server back-channel calls go to the IPv4 loopback the apps listen on.
const backchannelUrl = (port) => `http://127.0.0.1:${port}/backchannel-logout`;

function readSecrets(file) {
  try {
    const clients = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Object.fromEntries(clients.map((c) => [c.client_id, c.client_secret]));
  } catch {
    return {};
  }
}

/** Writes data/demo-clients.json (CLIENTS_FILE, RFC 7591 names) and returns the clients. */
function writeClientsFile(dataDir) {
  const file = path.join(dataDir, 'demo-clients.json');
  const secrets = readSecrets(file);
  const clients = RECEIVERS.map(({ name, port }) => ({
    client_id: name,
    client_name: `Demo ${name}`,
    client_secret: secrets[name] || randomBytes(24).toString('base64url'),
    redirect_uris: [`${browserUrl(port)}/callback`],
    post_logout_redirect_uris: [`${browserUrl(port)}/logout/callback`],
    backchannel_logout_uri: backchannelUrl(port),
    backchannel_logout_session_required: true,
  }));
  fs.writeFileSync(file, `${JSON.stringify(clients, null, 2)}\n`, { mode: 0o600 });
  return { file, clients };
}

function providerEnv({ dataDir, redisUrl, clientsFile }) {
  return {
    PORT: String(PROVIDER_PORT),
    HOST: '127.0.0.1',
    ISSUER: browserUrl(PROVIDER_PORT),
    DATABASE_URL: `sqlite:${path.join(dataDir, 'provider.sqlite')}`,
    REDIS_URL: redisUrl,
    ADMIN_USER: ADMIN.user,
    ADMIN_PASSWORD: ADMIN.password,
    CLIENTS_FILE: clientsFile,
    // The demo's receivers listen on http://127.0.0.1: allow http and loopback back-channel targets.
    ALLOW_INSECURE_BACKCHANNEL: 'true',
  };
}

function receiverEnv({ dataDir, redisUrl }, receiver, client) {
  return {
    PORT: String(receiver.port),
    HOST: '127.0.0.1',
    BASE_URL: browserUrl(receiver.port),
    ISSUER_BASE_URL: browserUrl(PROVIDER_PORT),
    CLIENT_ID: client.client_id,
    CLIENT_SECRET: client.client_secret,
    REDIS_URL: redisUrl,
    DATABASE_URL: `sqlite:${path.join(dataDir, `${receiver.name}.sqlite`)}`,
  };
}

module.exports = {
  PROVIDER_PORT,
  RECEIVERS,
  ADMIN,
  USERS,
  browserUrl,
  writeClientsFile,
  providerEnv,
  receiverEnv,
};
