import { classifyAddress, isIpLiteral } from './address-policy.util';

describe('classifyAddress', () => {
  it.each(['8.8.8.8', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'allows public %s',
    (address) => {
      expect(classifyAddress(address, false)).toEqual({
        address,
        range: 'unicast',
        label: 'public',
        allowed: true,
      });
    },
  );

  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['198.18.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['2002:7f00:1::1', '6to4'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['2001:0:4136:e378::1', 'teredo'],
    ['2001:db8::1', 'reserved'],
    ['::7f00:1', 'ipv4Compatible'],
    ['[::7f00:1]', 'ipv4Compatible'],
    ['::127.0.0.1', 'ipv4Compatible'],
    ['::a9fe:a9fe', 'ipv4Compatible'],
    ['::a00:1', 'ipv4Compatible'],
    ['::808:808', 'ipv4Compatible'],
    ['::8.8.8.8', 'ipv4Compatible'],
    ['::0.0.0.2', 'ipv4Compatible'],
    ['not-an-ip', 'invalid'],
  ])('refuses %s (%s)', (address, range) => {
    expect(classifyAddress(address, false)).toMatchObject({ address, range, allowed: false });
  });

  it('explains a refusal in words, including what a tunnel address embeds', () => {
    expect(classifyAddress('10.1.2.3', false).label).toBe('private, RFC 1918');
    expect(classifyAddress('100.64.0.1', false).label).toBe('carrier-grade NAT, RFC 6598');
    expect(classifyAddress('2002:7f00:1::1', false).label).toBe('6to4 to 127.0.0.1, loopback');
    expect(classifyAddress('64:ff9b::a00:1', false).label).toBe(
      'NAT64 to 10.0.0.1, private, RFC 1918',
    );
  });

  it('refuses the whole IPv4-compatible range ::/96, even with private networks allowed (issue #8)', () => {
    expect(classifyAddress('::a9fe:a9fe', false).label).toBe(
      'IPv4-compatible IPv6 (deprecated, RFC 4291 §2.5.5.1) to 169.254.169.254, link-local',
    );
    expect(classifyAddress('::7f00:1', true).allowed).toBe(false);
    expect(classifyAddress('::808:808', true).allowed).toBe(false);
    // :: and ::1 keep their own ranges.
    expect(classifyAddress('::1', true)).toMatchObject({ range: 'loopback', allowed: true });
    expect(classifyAddress('::', true)).toMatchObject({ range: 'unspecified', allowed: false });
  });

  it('allows private and special-use targets only when asked, never unspecified/multicast/broadcast', () => {
    expect(classifyAddress('127.0.0.1', true).allowed).toBe(true);
    expect(classifyAddress('10.0.0.1', true).allowed).toBe(true);
    expect(classifyAddress('fc00::1', true).allowed).toBe(true);
    expect(classifyAddress('2002:7f00:1::1', true).allowed).toBe(true);
    expect(classifyAddress('0.0.0.0', true).allowed).toBe(false);
    expect(classifyAddress('::', true).allowed).toBe(false);
    expect(classifyAddress('224.0.0.1', true).allowed).toBe(false);
    expect(classifyAddress('255.255.255.255', true).allowed).toBe(false);
  });

  it('recognises IP literals with or without brackets', () => {
    expect(isIpLiteral('127.0.0.1')).toBe(true);
    expect(isIpLiteral('[::1]')).toBe(true);
    expect(isIpLiteral('rp.example.com')).toBe(false);
  });
});
