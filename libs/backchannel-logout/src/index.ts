/**
 * nestjs-backchannel-logout: OpenID Connect Back-Channel Logout 1.0 for NestJS.
 *
 * - Provider side: `BackchannelLogoutModule` (signs and delivers Logout Tokens through a Bull queue).
 * - Receiver side: `BackchannelLogoutReceiverModule` (validates Logout Tokens and ends sessions).
 *
 * @packageDocumentation
 */

// ---- common ----
export {
  BACKCHANNEL_LOGOUT_EVENT,
  LOGOUT_TOKEN_TYP,
  LOGOUT_TOKEN_MEDIA_TYPE,
  LOGOUT_TOKEN_PARAM,
} from './common/backchannel-logout.constants';
export {
  BackchannelLogoutError,
  isBackchannelLogoutError,
} from './common/backchannel-logout.error';
export {
  BACKCHANNEL_LOGOUT_MESSAGES,
  type BackchannelLogoutErrorCode,
} from './common/backchannel-logout.messages';

// ---- provider ----

// ---- receiver ----

// ---- testing ----
