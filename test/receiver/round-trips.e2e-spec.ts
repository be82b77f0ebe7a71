/**
 * What a valid Logout Token costs in Redis round trips and commands (issue #10), through the real fixture app: the
 * jti claim and the index lookup go out together as one command (the stores' batch script), then the session
 * kill, and the 200; then "done" with the unlinks as one command. The kill always precedes the 200 and "done". A
 * round trip is a group of commands sent before any of them is answered.
 */
import type { Redis } from 'ioredis';
import { createTestIssuer, type TestIssuer } from 'nestjs-backchannel-logout/testing';
import { ReceiverFixture } from './fixtures/receiver.fixture';

const CLIENT_ID = 'rp-round-trips';

/** A command's name; for the batch script, its operations too: `evalsha(acquire,find)`. */
function describeCommand(name: string, args: unknown[]): string {
  if (name !== 'evalsha' && name !== 'eval') return name;
  const argv = args.slice(2 + Number(args[1]));
  const ops: string[] = [];
  for (let i = 0, at = 1; i < Number(argv[0]); i++, at += 2 + Number(argv[at + 1])) {
    ops.push(String(argv[at]));
  }
  return `${name}(${ops.join(',')})`;
}

/**
 * Groups the commands sent through `client` into round trips: a new one starts with the first send after a reply.
 * `mark(label)` records an event of the test between them as a round trip of its own, `[label]`.
 */
function recordRoundTrips(client: Redis): {
  trips: string[][];
  mark: (label: string) => void;
  stop: () => void;
} {
  const trips: string[][] = [];
  let replied = true;
  const original = client.sendCommand.bind(client);
  client.sendCommand = (
    command: { name: string; args: unknown[]; promise: Promise<unknown> },
    ...rest: unknown[]
  ) => {
    if (replied) trips.push([]);
    replied = false;
    trips[trips.length - 1].push(describeCommand(command.name, command.args));
    const sent = (original as (...a: unknown[]) => unknown)(command, ...rest);
    command.promise.then(
      () => (replied = true),
      () => (replied = true),
    );
    return sent;
  };
  const mark = (label: string) => {
    trips.push([label]);
    replied = true;
  };
  return { trips, mark, stop: () => (client.sendCommand = original) };
}

describe('Redis round trips per valid Logout Token', () => {
  let op: TestIssuer;
  let rp: ReceiverFixture;

  beforeAll(async () => {
    op = await createTestIssuer();
    rp = await ReceiverFixture.start(op, { clientId: CLIENT_ID });
  });
  afterAll(async () => {
    await rp?.close();
    await op?.close();
  });

  it('two round trips before the 200 (claim + lookup, kill), then done + unlink: one command each', async () => {
    await rp.seedSession('rt-1', { sub: 'rita', sid: 'rt-sid-1' });
    const token = await op.logoutToken({ clientId: CLIENT_ID, sub: 'rita', sid: 'rt-sid-1' });
    const recorder = recordRoundTrips(rp.redis);
    let status: number;
    try {
      status = (
        await rp
          .postForm({ logout_token: token })
          .on('response', () => recorder.mark('200 received'))
      ).status;
      await rp.settled();
    } finally {
      recorder.stop();
    }
    expect(status).toBe(200);
    // The fixture linked the session through the same client, so Redis already has the script: EVALSHA.
    expect(recorder.trips.slice(0, 2)).toEqual([
      ['evalsha(acquire,find,smembers)'], // acquire the jti; the index lookup (and the 0.1.0 layout's set)
      ['del'], // express-session's destroy
    ]);
    // "Done" and the unlinks follow the kill, and do not hold the answer back.
    expect(recorder.trips.slice(2).flat().sort()).toEqual(
      ['200 received', 'evalsha(complete,del,hdel,hdel)'].sort(),
    );
    expect(await rp.existing(['rt-1'])).toEqual([]);
    await expect(rp.index.find({ iss: op.issuer, sub: 'rita' })).resolves.toEqual([]);
  });

  it('an unlink that fails after the kill: still 200, logged; the session stays ended', async () => {
    await rp.seedSession('rt-2', { sub: 'sam', sid: 'rt-sid-2' });
    // A fault Redis cannot be made to produce on one command while the others succeed.
    const unlink = jest.spyOn(rp.index, 'unlink').mockRejectedValueOnce(new Error('unlink lost'));
    try {
      const res = await rp.postForm({
        logout_token: await op.logoutToken({ clientId: CLIENT_ID, sid: 'rt-sid-2' }),
      });
      expect(res.status).toBe(200);
    } finally {
      unlink.mockRestore();
    }
    expect(await rp.existing(['rt-2'])).toEqual([]);
    expect(rp.logger.text('error').join('\n')).toContain('Could not unlink ended sessions');
  });
});
