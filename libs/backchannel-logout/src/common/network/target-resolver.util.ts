import { BackchannelLogoutError } from '../backchannel-logout.error';
import { classifyAddress, isIpLiteral } from './address-policy.util';
import { ResolvedAddress, systemHostLookup } from './host-lookup.interface';
import { BackchannelLogoutTargetPolicy } from './target-policy.interface';

/**
 * A delivery target whose addresses were checked; the connection must go to one of `addresses` (first
 * `address`) and nowhere else.
 */
export interface CheckedTarget {
  readonly url: URL;
  readonly address: string;
  readonly family: 4 | 6;
  /** Every address the host resolved to, all allowed, in resolver order (`address` is the first). */
  readonly addresses?: readonly ResolvedAddress[];
}

function bare(host: string): string {
  return host.replace(/^\[|\]$/g, '');
}

/**
 * Resolve the URI's host ONCE and check every address it has: if any one of them is refused, the target is
 * refused (a host that mixes public and private answers is how DNS rebinding starts). IP literals are
 * checked as they are. The caller connects to the returned addresses only, so no second resolution can
 * switch them.
 */
export async function resolveCheckedTarget(
  url: URL,
  policy: BackchannelLogoutTargetPolicy,
): Promise<CheckedTarget> {
  const allowPrivate = policy.allowPrivateNetworks ?? false;
  const host = bare(url.hostname);
  let addresses: readonly ResolvedAddress[];
  if (isIpLiteral(host)) {
    addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  } else {
    try {
      addresses = await (policy.lookup ?? systemHostLookup)(host);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      throw BackchannelLogoutError.of('target_dns_failed', `${host} (${String(code ?? err)})`, err);
    }
    if (addresses.length === 0)
      throw BackchannelLogoutError.of('target_dns_failed', `${host} (no address)`);
  }
  const refused = addresses
    .map((a) => classifyAddress(a.address, allowPrivate))
    .filter((v) => !v.allowed);
  if (refused.length > 0) {
    const list = refused.map((v) => `${bare(v.address)} (${v.label})`).join(', ');
    const literal = isIpLiteral(host);
    throw BackchannelLogoutError.of(
      'target_address_refused',
      literal ? list : `${host} resolves to ${list}`,
    );
  }
  return { url, address: addresses[0].address, family: addresses[0].family, addresses };
}
