import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { BackchannelLogoutTargetPolicy } from '../../common/network/target-policy.interface';
import { validateBackchannelLogoutUri } from '../../common/registration/client-metadata.validator';
import { BACKCHANNEL_LOGOUT_CONFIG, BackchannelLogoutConfig } from '../backchannel-logout.config';

/**
 * The class-validator constraint behind {@link IsBackchannelLogoutUri}. When class-validator uses the Nest
 * container (`useContainer(app.select(AppModule), { fallbackOnErrors: true })`) it follows the module's
 * `allowHttp` / `allowPrivateNetworks`; otherwise the strict defaults apply. Decorator options win.
 */
@ValidatorConstraint({ name: 'isBackchannelLogoutUri', async: true })
@Injectable()
export class BackchannelLogoutUriConstraint implements ValidatorConstraintInterface {
  // class-validator builds the message in a second call with a new arguments object: keep it per object.
  private readonly messages = new WeakMap<object, Map<string, string>>();

  constructor(
    @Optional()
    @Inject(BACKCHANNEL_LOGOUT_CONFIG)
    private readonly config?: BackchannelLogoutConfig,
  ) {}

  async validate(value: unknown, args: ValidationArguments): Promise<boolean> {
    const overrides = (args.constraints?.[0] ?? {}) as BackchannelLogoutTargetPolicy;
    const policy = { ...(this.config?.targetPolicy ?? {}), ...overrides };
    const error = await validateBackchannelLogoutUri(value, policy);
    if (!error) return true;
    const perObject = this.messages.get(args.object) ?? new Map<string, string>();
    perObject.set(args.property, error.message);
    this.messages.set(args.object, perObject);
    return false;
  }

  defaultMessage(args: ValidationArguments): string {
    return (
      this.messages.get(args.object)?.get(args.property) ??
      'backchannel_logout_uri is not acceptable'
    );
  }
}
