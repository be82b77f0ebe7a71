/**
 * `nestjs-backchannel-logout/oidc-provider`: back-channel logout for identity platforms built on
 * node-oidc-provider 9 (`oidc-provider`, an optional peer dependency). node-oidc-provider decides who is
 * notified and with which `sid`; this library stores, delivers, retries and audits the Logout Tokens.
 *
 * @packageDocumentation
 */
export {
  OidcProviderBackchannelLogout,
  type OidcProviderBackchannelLogoutOptions,
  type OidcProviderModuleOptions,
} from './oidc-provider-backchannel-logout';
export { OidcProviderClientStore } from './oidc-provider-client.store';
export { OidcProviderSessionRegistry } from './oidc-provider-session.registry';
export { oidcProviderSigningKey, type OidcProviderPrivateJwk } from './oidc-provider-signing-key';
export type {
  OidcProviderClient,
  OidcProviderIdToken,
  OidcProviderInstance,
  OidcProviderSessionLike,
} from './oidc-provider.types';
