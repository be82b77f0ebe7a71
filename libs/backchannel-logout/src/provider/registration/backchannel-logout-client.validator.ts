import { Inject, Injectable } from '@nestjs/common';
import {
  BackchannelLogoutClientMetadata,
  BackchannelLogoutFieldError,
  validateBackchannelLogoutClientMetadata,
} from '../../common/registration/client-metadata.validator';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';

/** {@link validateBackchannelLogoutClientMetadata} with the module's own target policy. */
@Injectable()
export class BackchannelLogoutClientValidator {
  constructor(
    @Inject(BACKCHANNEL_LOGOUT_CONFIG) private readonly config: BackchannelLogoutConfig,
  ) {}

  /** Field errors of `input` (empty when acceptable), e.g. before seeding a client. */
  validate(input: BackchannelLogoutClientMetadata): Promise<BackchannelLogoutFieldError[]> {
    return validateBackchannelLogoutClientMetadata(input, this.config.targetPolicy);
  }
}
