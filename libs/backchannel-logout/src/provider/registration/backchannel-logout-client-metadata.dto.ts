import { IsBoolean, IsOptional } from 'class-validator';
import { BACKCHANNEL_LOGOUT_MESSAGES } from '../../common/backchannel-logout.messages';
import { IsBackchannelLogoutUri } from './is-backchannel-logout-uri.decorator';

/**
 * The BCL §2.2 client metadata, as a DTO for the host's registration or admin endpoints (extend it or copy
 * its two properties). `null` or absent URI = no back-channel logout for that client.
 */
export class BackchannelLogoutClientMetadataDto {
  @IsOptional()
  @IsBackchannelLogoutUri()
  backchannel_logout_uri?: string | null;

  // A real JSON boolean, not "true"/"1" (BCL §2.2).
  @IsOptional()
  @IsBoolean({ message: BACKCHANNEL_LOGOUT_MESSAGES.session_required_not_boolean })
  backchannel_logout_session_required?: boolean;
}
