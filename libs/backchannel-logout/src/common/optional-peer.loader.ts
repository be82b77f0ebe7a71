import { BackchannelLogoutError } from './backchannel-logout.error';
import type { BackchannelLogoutErrorCode } from './backchannel-logout.messages';

/**
 * Loads an optional peer dependency when the feature that needs it is set up, not when the package is
 * imported (a receiver-only app installs neither Bull nor prom-client). A missing peer throws `code` with
 * `hint`, which says what to install.
 */
export function loadOptionalPeer<T>(
  name: string,
  code: BackchannelLogoutErrorCode,
  hint: string,
): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name) as T;
  } catch (err) {
    // Only "not installed" becomes the install hint; a peer that is there but fails to load keeps its error.
    const missing =
      (err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' &&
      (err as Error).message.includes(`'${name}'`);
    if (!missing) throw err;
    throw BackchannelLogoutError.of(code, hint, err);
  }
}
