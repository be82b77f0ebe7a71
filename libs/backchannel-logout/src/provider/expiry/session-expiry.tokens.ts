/** Internal: the expiry sources the job asks (the built-in lifetimes and/or the host's source). */
export const BCL_EXPIRY_SOURCES = Symbol('BCL_EXPIRY_SOURCES');

/** Internal: the `bcl_session` store. */
export const BCL_SESSION_ACTIVITY_STORE = Symbol('BCL_SESSION_ACTIVITY_STORE');
