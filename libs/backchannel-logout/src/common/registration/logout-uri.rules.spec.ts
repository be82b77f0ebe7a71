import { BackchannelLogoutError } from '../backchannel-logout.error';
import { parseBackchannelLogoutUri } from './logout-uri.rules';

function codeOf(value: unknown, policy = {}): string {
  try {
    parseBackchannelLogoutUri(value, policy);
    return 'ok';
  } catch (err) {
    return (err as BackchannelLogoutError).code;
  }
}

describe('parseBackchannelLogoutUri (BCL §2.2, no network)', () => {
  it('keeps the query and the exact path', () => {
    const url = parseBackchannelLogoutUri('https://rp.example.com:8443/a/b?tenant=a&x=1', {});
    expect(url.href).toBe('https://rp.example.com:8443/a/b?tenant=a&x=1');
  });

  it.each([
    ['https://rp.example.com/bcl', {}, 'ok'],
    ['HTTPS://RP.example.com/bcl', {}, 'ok'],
    ['http://rp.example.com/bcl', { allowHttp: true }, 'ok'],
    ['http://rp.example.com/bcl', {}, 'target_scheme_refused'],
    ['ftp://rp.example.com/bcl', { allowHttp: true }, 'target_scheme_refused'],
    ['javascript://rp.example.com/%0aalert(1)', {}, 'target_scheme_refused'],
    ['https://rp.example.com/bcl#frag', {}, 'uri_fragment'],
    ['https://rp.example.com/bcl#', {}, 'uri_fragment'],
    ['/relative/bcl', {}, 'uri_not_absolute'],
    ['rp.example.com/bcl', {}, 'uri_not_absolute'],
    ['https:rp.example.com', {}, 'uri_not_absolute'],
    ['https:///bcl', {}, 'uri_not_absolute'],
    ['https://rp.example.com/a b', {}, 'uri_not_absolute'],
    ['https://rp.example.com\\@evil.example/', {}, 'uri_not_absolute'],
    [' https://rp.example.com/', {}, 'uri_not_absolute'],
    ['', {}, 'uri_not_absolute'],
    ['https://user:pw@rp.example.com/', {}, 'uri_credentials'],
    [`https://rp.example.com/${'a'.repeat(2030)}`, {}, 'uri_too_long'],
    [42, {}, 'uri_not_string'],
    [null, {}, 'uri_not_string'],
    ['https://127.0.0.1/bcl', {}, 'target_address_refused'],
    ['https://2130706433/bcl', {}, 'target_address_refused'],
    ['https://0x7f.1/bcl', {}, 'target_address_refused'],
    ['https://[::1]/bcl', {}, 'target_address_refused'],
    ['https://127.0.0.1/bcl', { allowPrivateNetworks: true }, 'ok'],
    ['https://localhost/bcl', {}, 'ok'], // host names are checked when resolved, not here
  ])('%j with %j → %s', (value, policy, expected) => {
    expect(codeOf(value, policy)).toBe(expected);
  });

  it('accepts exactly 2048 characters', () => {
    const base = 'https://rp.example.com/';
    expect(codeOf(base + 'a'.repeat(2048 - base.length))).toBe('ok');
  });
});
