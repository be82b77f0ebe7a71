import * as ipaddr from 'ipaddr.js';

/** The verdict on one address as a delivery target. */
export interface AddressVerdict {
  readonly address: string;
  /** The ipaddr.js range name (`loopback`, `private`, `6to4`, ...); `unicast` for an ordinary public address. */
  readonly range: string;
  /** The range in words, for messages an administrator reads. */
  readonly label: string;
  readonly allowed: boolean;
}

/** Ranges that can never be the address of an HTTP server, even when private networks are allowed. */
const NEVER_ALLOWED = new Set(['unspecified', 'multicast', 'broadcast', 'ipv4Compatible']);

const LABELS: Record<string, string> = {
  unicast: 'public',
  loopback: 'loopback',
  private: 'private, RFC 1918',
  linkLocal: 'link-local',
  carrierGradeNat: 'carrier-grade NAT, RFC 6598',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  reserved: 'reserved or documentation',
  benchmarking: 'benchmarking',
  uniqueLocal: 'IPv6 unique local',
  deprecatedSiteLocal: 'IPv6 site-local',
  ipv4Mapped: 'IPv4-mapped',
  rfc6145: 'IPv4-translated',
  rfc6052: 'NAT64',
  ipv4Compatible: 'IPv4-compatible IPv6 (deprecated, RFC 4291 §2.5.5.1)',
  '6to4': '6to4',
  teredo: 'Teredo',
  invalid: 'not an IP address',
};

/** IPv4 embedded in the IPv6 transition forms (6to4, NAT64), to explain a refusal. */
function embeddedIpv4(ip: ipaddr.IPv6, range: string): ipaddr.IPv4 | null {
  const p = ip.parts;
  if (range === '6to4') return new ipaddr.IPv4([p[1] >> 8, p[1] & 255, p[2] >> 8, p[2] & 255]);
  if (range === 'rfc6052' || range === 'rfc6145') {
    return new ipaddr.IPv4([p[6] >> 8, p[6] & 255, p[7] >> 8, p[7] & 255]);
  }
  return null;
}

/**
 * `::/96` other than `::` and `::1`: the deprecated IPv4-compatible form (`[::127.0.0.1]` is normalised
 * to `[::7f00:1]`). ipaddr.js calls it public unicast, or unwraps the dotted form to its IPv4 address;
 * neither is right for a delivery target, so the whole range is refused (issue #8 item 6).
 */
function ipv4Compatible(text: string): ipaddr.IPv4 | null {
  if (!ipaddr.IPv6.isValid(text)) return null;
  // ipaddr.js reads `::a.b.c.d` as `::ffff:a.b.c.d`: split the dotted tail off and check the head.
  const dotted = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  const head = dotted ? `${dotted[1]}0:0` : text;
  if (!ipaddr.IPv6.isValid(head)) return null;
  const p = ipaddr.IPv6.parse(head).parts;
  if (p.slice(0, 6).some((x) => x !== 0)) return null;
  const inner = dotted
    ? ipaddr.IPv4.parse(dotted[2])
    : new ipaddr.IPv4([p[6] >> 8, p[6] & 255, p[7] >> 8, p[7] & 255]);
  const [a, b, c, d] = inner.octets;
  return a === 0 && b === 0 && c === 0 && d <= 1 ? null : inner;
}

/**
 * Classify one IP address (v4 or v6 text, with or without brackets or zone).
 * IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is judged as the IPv4 address it carries. Everything that is not plain
 * public unicast is refused unless `allowPrivateNetworks`; 6to4, NAT64 and Teredo are refused as a whole
 * because they can tunnel to any IPv4 address, loopback included; IPv4-compatible IPv6 (`::/96` except
 * `::` and `::1`) is refused always.
 */
export function classifyAddress(address: string, allowPrivateNetworks: boolean): AddressVerdict {
  const text = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(text))
    return { address, range: 'invalid', label: LABELS.invalid, allowed: false };
  const compatible = ipv4Compatible(text);
  if (compatible) {
    const inner = `${compatible.toString()}, ${LABELS[compatible.range()] ?? compatible.range()}`;
    return {
      address,
      range: 'ipv4Compatible',
      label: `${LABELS.ipv4Compatible} to ${inner}`,
      allowed: false,
    };
  }
  const ip = ipaddr.process(text);
  const range: string = ip.range();
  let label = LABELS[range] ?? range;
  if (ip.kind() === 'ipv6') {
    const inner = embeddedIpv4(ip as ipaddr.IPv6, range);
    if (inner) label = `${label} to ${inner.toString()}, ${LABELS[inner.range()] ?? inner.range()}`;
  }
  const allowed = range === 'unicast' || (allowPrivateNetworks && !NEVER_ALLOWED.has(range));
  return { address, range, label, allowed };
}

/** `true` when the text is an IP literal (brackets allowed for IPv6). */
export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(host.replace(/^\[|\]$/g, ''));
}
