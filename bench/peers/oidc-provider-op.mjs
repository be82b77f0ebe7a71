/**
 * node-oidc-provider 9 (panva/node-oidc-provider) as the peer OP of the end-session benchmark, in its own
 * process. Its back-channel logout feature is on; its devInteractions sign in any username; clients come
 * from BENCH_CLIENTS (JSON, the same registrations as the sample provider's).
 *
 * Loopback RPs: oidc-provider's fetch helper installs an undici dispatcher that destroys sockets to
 * special-use addresses (127.0.0.0/8 included), so a back-channel POST to 127.0.0.1 would fail at once.
 * The documented `fetch` configuration hook receives that dispatcher in its options; this harness removes
 * it and calls the global fetch, keeping everything else, including the 2.5 s AbortSignal timeout that
 * oidc-provider sets on every outgoing request.
 */
import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import { freePort } from '../../scripts/services.js';

// Its start-up advice (development adapter, keys, interactions: all on purpose here) would bury the bench's
// output. The "Unsupported runtime" warning (it asks for Node 22; the bench runs on the repo's Node 20) is
// reported in BENCHMARKS.md instead.
for (const level of ['info', 'warn']) {
  const original = console[level];
  console[level] = (...args) => {
    if (/^oidc-provider (WARNING|NOTICE)/.test(String(args[0]))) return;
    original(...args);
  };
}

function send(message) {
  process.send?.(message);
}

async function start() {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clients = JSON.parse(process.env.BENCH_CLIENTS ?? '[]').map((c) => ({
    client_id: c.client_id,
    client_secret: c.client_secret,
    redirect_uris: c.redirect_uris,
    post_logout_redirect_uris: c.post_logout_redirect_uris,
    backchannel_logout_uri: c.backchannel_logout_uri,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }));
  const provider = new Provider(issuer, {
    clients,
    cookies: { keys: ['bench-cookie-signing-key-0123456789'] },
    features: {
      devInteractions: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    fetch: (url, options) => {
      delete options.dispatcher; // allow loopback RPs (see above); the 2.5 s signal stays
      return fetch(url, options);
    },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
  });
  provider.on('server_error', (_ctx, err) => process.stderr.write(`oidc-provider: ${err.stack}\n`));
  const server = createServer(provider.callback());
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, issuer };
}

start().then(
  ({ server, issuer }) => {
    const stop = (reply) => {
      server.closeAllConnections();
      server.close(() => {
        if (reply) send({ id: reply.id, ok: true });
        process.exit(0);
      });
    };
    process.on('disconnect', () => stop());
    process.on('message', (call) => {
      if (call.type === 'stop') stop(call);
      else send({ id: call.id, ok: false, error: `unknown call ${call.type}` });
    });
    send({ type: 'ready', value: { issuer } });
  },
  (err) => {
    send({ type: 'error', error: err.stack ?? String(err) });
    process.exit(1);
  },
);
