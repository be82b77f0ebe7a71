import { registerDecorator, ValidationOptions } from 'class-validator';
import { BackchannelLogoutTargetPolicy } from '../../common/network/target-policy.interface';
import { BackchannelLogoutUriConstraint } from './backchannel-logout-uri.constraint';

/**
 * class-validator: the value is an acceptable `backchannel_logout_uri` (BCL §2.2): absolute, `https` (or
 * `http` where allowed), no fragment, query allowed, at most 2048 characters, and its host resolves only to
 * allowed addresses. Asynchronous (it resolves the host name). Messages say what to fix, e.g.
 * "backchannel_logout_uri must not contain a fragment (#...)".
 *
 * @example
 * \@IsOptional() \@IsBackchannelLogoutUri()
 * backchannel_logout_uri?: string;
 */
export function IsBackchannelLogoutUri(
  policy?: BackchannelLogoutTargetPolicy,
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isBackchannelLogoutUri',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [policy ?? {}],
      options: validationOptions,
      validator: BackchannelLogoutUriConstraint,
      async: true,
    });
  };
}
