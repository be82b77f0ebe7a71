import * as ipaddr from 'ipaddr.js';

/** Why an address is refused as a delivery target, or `null` when it is allowed. */
export interface AddressVerdict {
  readonly address: string;
  /** The ipaddr.js range name (`loopback`, `private`, `6to4`, ...); `unicast` for an ordinary public address. */
  readonly range: string;
  readonly allowed: boolean;
}

/** Ranges that can never be the address of an HTTP server, even when private networks are allowed. */
const NEVER_ALLOWED = new Set(['unspecified', 'multicast', 'broadcast']);

/** IPv4 embedded in the IPv6 transition forms (6to4, NAT64), only to explain a refusal. */
function embeddedIpv4(ip: ipaddr.IPv6, range: string): ipaddr.IPv4 | null {
  const p = ip.parts;
  if (range === '6to4') return new ipaddr.IPv4([p[1] >> 8, p[1] & 255, p[2] >> 8, p[2] & 255]);
  if (range === 'rfc6052' || range === 'rfc6145') {
    return new ipaddr.IPv4([p[6] >> 8, p[6] & 255, p[7] >> 8, p[7] & 255]);
  }
  return null;
}

/**
 * Classify one IP address (v4 or v6 text, with or without brackets).
 * IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is judged as the IPv4 address it carries. Everything that is not plain
 * public unicast is refused unless `allowPrivateNetworks`; 6to4, NAT64 and Teredo are refused as a whole
 * because they can tunnel to any IPv4 address, including loopback.
 */
export function classifyAddress(address: string, allowPrivateNetworks: boolean): AddressVerdict {
  const text = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(text)) return { address, range: 'invalid', allowed: false };
  const ip = ipaddr.process(text);
  let range: string = ip.range();
  if (ip.kind() === 'ipv6') {
    const inner = embeddedIpv4(ip as ipaddr.IPv6, range);
    if (inner) range = `${range} (embeds ${inner.toString()}, ${inner.range()})`;
  }
  if (range === 'unicast') return { address, range, allowed: true };
  const base = range.split(' ')[0];
  return { address, range, allowed: allowPrivateNetworks && !NEVER_ALLOWED.has(base) };
}

/** `true` when the text is an IP literal (brackets allowed for IPv6). */
export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(host.replace(/^\[|\]$/g, ''));
}
