/** BCL §2.4: the member of a Logout Token's `events` claim that declares the JWT to be a Logout Token. */
export const LOGOUT_TOKEN_EVENT_URI = 'http://schemas.openid.net/event/backchannel-logout';

/** @deprecated Internal alias kept while other code moves to {@link LOGOUT_TOKEN_EVENT_URI}; not exported. */
export const BACKCHANNEL_LOGOUT_EVENT = LOGOUT_TOKEN_EVENT_URI;

/** BCL §2.4 / §5.3: the explicit `typ` header of a Logout Token (media type without `application/`). */
export const LOGOUT_TOKEN_TYP = 'logout+jwt';

/** BCL §5.3: the registered media type. */
export const LOGOUT_TOKEN_MEDIA_TYPE = 'application/logout+jwt';

/** BCL §2.5: the form parameter that carries the Logout Token. */
export const LOGOUT_TOKEN_PARAM = 'logout_token';
