import { BackchannelLogoutError, isBackchannelLogoutError } from './backchannel-logout.error';
import { BACKCHANNEL_LOGOUT_MESSAGES } from './backchannel-logout.messages';

describe('BackchannelLogoutError', () => {
  it('carries a stable code and the catalogue message', () => {
    const err = new BackchannelLogoutError('claim_nonce_present');
    expect(err.code).toBe('claim_nonce_present');
    expect(err.message).toBe(BACKCHANNEL_LOGOUT_MESSAGES.claim_nonce_present);
    expect(isBackchannelLogoutError(err)).toBe(true);
    expect(isBackchannelLogoutError(new Error('x'))).toBe(false);
  });

  it('appends a detail and keeps the cause', () => {
    const cause = new Error('boom');
    const err = BackchannelLogoutError.of('rp_server_error', 'HTTP 503', cause);
    expect(err.message).toBe(`${BACKCHANNEL_LOGOUT_MESSAGES.rp_server_error}: HTTP 503`);
    expect(err.cause).toBe(cause);
  });

  it('has only ASCII messages without the characters RFC 6749 §5.2 forbids in error_description', () => {
    for (const message of Object.values(BACKCHANNEL_LOGOUT_MESSAGES)) {
      expect(message).toMatch(/^[\x20-\x21\x23-\x5B\x5D-\x7E]+$/);
    }
  });
});
