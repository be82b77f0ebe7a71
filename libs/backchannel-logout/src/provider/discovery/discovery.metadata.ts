/** The OP metadata this module makes true (BCL §2.1). */
export interface BackchannelLogoutDiscoveryMetadata {
  readonly backchannel_logout_supported: true;
  readonly backchannel_logout_session_supported: true;
}

/**
 * BCL §2.1 discovery metadata: back-channel logout is supported, and `sid` is passed in Logout Tokens (and
 * in ID Tokens; both are required for OpenID certification). Merge into the OP's discovery document.
 *
 * @example
 * return { ...metadata, ...backchannelLogoutDiscoveryMetadata() };
 */
export function backchannelLogoutDiscoveryMetadata(): BackchannelLogoutDiscoveryMetadata {
  return { backchannel_logout_supported: true, backchannel_logout_session_supported: true };
}
