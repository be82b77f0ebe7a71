/** Internal injection tokens of mass logout (not exported from the package). */

/** The `bcl_mass_logout` row repository. */
export const BCL_MASS_LOGOUT_JOBS = Symbol('BCL_MASS_LOGOUT_JOBS');

/** The keyset reader over the session tables. */
export const BCL_MASS_LOGOUT_READER = Symbol('BCL_MASS_LOGOUT_READER');

/** A runner renews its lease after every batch; a crashed runner's job is free again after this long. */
export const MASS_LOGOUT_LEASE_MS = 120_000;

/** Bull job name of a mass logout run (on the module's delivery queue). */
export const MASS_LOGOUT_JOB = 'bcl-mass-logout';
