/**
 * The names both halves export (`/provider` and `/receiver` re-export this file): the error class and its codes,
 * the Logout Token event URI, and the observer port.
 *
 * @packageDocumentation
 */
export { LOGOUT_TOKEN_EVENT_URI } from './backchannel-logout.constants';
export { BackchannelLogoutError, isBackchannelLogoutError } from './backchannel-logout.error';
export type { BackchannelLogoutErrorCode } from './backchannel-logout.messages';
export {
  BackchannelLogoutObserver,
  InjectBackchannelLogoutObserver,
  type DeliveryAttemptObservation,
  type LogoutTokenObservation,
} from './observability/backchannel-logout-observer.interface';
