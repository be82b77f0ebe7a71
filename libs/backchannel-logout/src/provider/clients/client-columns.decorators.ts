import { Column } from 'typeorm';
import { BACKCHANNEL_LOGOUT_URI_MAX_LENGTH } from '../../common/registration/logout-uri.rules';

/** Default column names of the two client columns (also used by the migration factory). */
export const BACKCHANNEL_LOGOUT_CLIENT_COLUMNS = {
  uri: 'backchannel_logout_uri',
  sessionRequired: 'backchannel_logout_session_required',
} as const;

/**
 * Put on the host's client entity: the RP's `backchannel_logout_uri` (BCL §2.2), nullable `varchar(2048)`
 * in column `backchannel_logout_uri`.
 *
 * @example
 * @BackchannelLogoutUriColumn()
 * backchannelLogoutUri: string | null;
 */
export function BackchannelLogoutUriColumn(options: { name?: string } = {}): PropertyDecorator {
  return Column({
    name: options.name ?? BACKCHANNEL_LOGOUT_CLIENT_COLUMNS.uri,
    type: 'varchar',
    length: BACKCHANNEL_LOGOUT_URI_MAX_LENGTH,
    nullable: true,
  });
}

/**
 * Put on the host's client entity: `backchannel_logout_session_required` (BCL §2.2), boolean, default
 * `false`, in column `backchannel_logout_session_required`.
 *
 * @example
 * @BackchannelLogoutSessionRequiredColumn()
 * backchannelLogoutSessionRequired: boolean;
 */
export function BackchannelLogoutSessionRequiredColumn(
  options: { name?: string } = {},
): PropertyDecorator {
  return Column({
    name: options.name ?? BACKCHANNEL_LOGOUT_CLIENT_COLUMNS.sessionRequired,
    type: Boolean,
    default: false,
  });
}
