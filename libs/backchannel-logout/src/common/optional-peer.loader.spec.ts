import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOptionalPeer } from './optional-peer.loader';

describe('loadOptionalPeer', () => {
  it('returns an installed package', () => {
    const ipaddr = loadOptionalPeer<typeof import('ipaddr.js')>(
      'ipaddr.js',
      'invalid_options',
      '-',
    );
    expect(ipaddr.isValid('127.0.0.1')).toBe(true);
  });

  it('turns a missing package into a library error that says what to install', () => {
    expect(() =>
      loadOptionalPeer('no-such-peer-package', 'receiver_invalid_options', 'npm install it'),
    ).toThrow(
      expect.objectContaining({
        code: 'receiver_invalid_options',
        message: 'Invalid BackchannelLogoutReceiverModule options: npm install it',
        cause: expect.objectContaining({ code: 'MODULE_NOT_FOUND' }),
      }),
    );
  });

  it('keeps the error of a package that is installed but fails to load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bcl-peer-'));
    const broken = join(dir, 'broken-peer.js');
    writeFileSync(broken, "throw new Error('broken at load');");
    try {
      expect(() => loadOptionalPeer(broken, 'receiver_invalid_options', 'npm install it')).toThrow(
        'broken at load',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
