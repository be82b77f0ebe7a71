import { HostLookup } from './host-lookup.interface';

/**
 * Where back-channel logout requests may go. The defaults are the safe ones: `https` only, public
 * addresses only. Both switches exist for development and tests (loopback RPs) and must be turned on
 * explicitly.
 */
export interface BackchannelLogoutTargetPolicy {
  /** Allow `http:` URIs (BCL §2.2 allows them only for confidential clients when the OP permits). Default `false`. */
  readonly allowHttp?: boolean;
  /**
   * Allow loopback, RFC 1918, link-local, CGNAT, IPv6 ULA and other special-use targets. Default `false`.
   * Unspecified, multicast and broadcast addresses are refused even then.
   */
  readonly allowPrivateNetworks?: boolean;
  /** Resolver for host names; default {@link systemHostLookup}. */
  readonly lookup?: HostLookup;
}
